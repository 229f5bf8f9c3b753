// keras.datasets.cifar10 (keras/src/datasets/cifar10.py).

#include <filesystem>

#include "datasets/cache.h"
#include "datasets/cifar.h"
#include "datasets/datasets.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace {

// Keras 3 extracts cifar-10-python.tar.gz into cifar-10-batches-py-target/; Keras 2 and a manual
// extraction leave cifar-10-batches-py/ directly in the cache; the binary archive gives -bin.
std::vector<std::string> cifar10_folders() {
  std::vector<std::string> folders;
  for (const auto& dir : keras_cache_dirs()) {
    const std::filesystem::path d(dir);
    folders.push_back((d / "cifar-10-batches-py-target" / "cifar-10-batches-py").string());
    folders.push_back((d / "cifar-10-batches-py").string());
    folders.push_back((d / "cifar-10-batches-bin").string());
  }
  return folders;
}

}  // namespace

std::optional<std::string> cifar10::locate() { return first_existing(cifar10_folders(), /*want_dir=*/true); }

LoadedData cifar10::load_data() {
  const auto folder = locate();
  if (!folder) {
    throw IoError("CIFAR-10 data not found. Tried:" + tried_list(cifar10_folders()) +
                  "\nDownload https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz and extract it into "
                  "~/.keras/datasets/ (giving ~/.keras/datasets/cifar-10-batches-py/data_batch_1 ... test_batch), or "
                  "extract the binary version cifar-10-binary.tar.gz there (cifar-10-batches-bin/).");
  }
  cifar::Layout layout;
  layout.binary = folder->ends_with("-bin");
  const std::string ext = layout.binary ? ".bin" : "";
  for (int i = 1; i <= 5; ++i) layout.train.push_back("data_batch_" + std::to_string(i) + ext);
  layout.test.push_back("test_batch" + ext);
  // Keras fills a uint8 label array and casts the test labels to it.
  return cifar::load_folder(*folder, layout, "labels", 1, 0, uint8);
}

}  // namespace keras::datasets
