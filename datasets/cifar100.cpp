// keras.datasets.cifar100 (keras/src/datasets/cifar100.py).

#include <filesystem>

#include "datasets/cache.h"
#include "datasets/cifar.h"
#include "datasets/datasets.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

std::vector<std::string> cifar100_folders() {
  std::vector<std::string> folders;
  for (const auto& dir : keras_cache_dirs()) {
    const std::filesystem::path d(dir);
    folders.push_back((d / "cifar-100-python-target" / "cifar-100-python").string());
    folders.push_back((d / "cifar-100-python").string());
    folders.push_back((d / "cifar-100-binary").string());
  }
  return folders;
}

}  // namespace

std::optional<std::string> cifar100::locate() { return first_existing(cifar100_folders(), /*want_dir=*/true); }

LoadedData cifar100::load_data(const std::string& label_mode) {
  if (label_mode != "fine" && label_mode != "coarse") {
    throw ValueError("`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode=" + label_mode + ".");
  }
  const auto folder = locate();
  if (!folder) {
    throw IoError("CIFAR-100 data not found. Tried:" + tried_list(cifar100_folders()) +
                  "\nDownload https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz and extract it into "
                  "~/.keras/datasets/ (giving ~/.keras/datasets/cifar-100-python/train and test), or extract the "
                  "binary version cifar-100-binary.tar.gz there (cifar-100-binary/).");
  }
  cifar::Layout layout;
  layout.binary = folder->ends_with("-binary");
  const std::string ext = layout.binary ? ".bin" : "";
  layout.train.push_back("train" + ext);
  layout.test.push_back("test" + ext);
  // Binary records are <coarse><fine><pixels>. Keras reshapes the label lists with np.reshape,
  // which makes int64 labels (unlike CIFAR-10's uint8).
  return cifar::load_folder(*folder, layout, label_mode + "_labels", 2, label_mode == "coarse" ? 0 : 1, int64);
}

}  // namespace keras::datasets
