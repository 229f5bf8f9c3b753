// MNIST and Fashion-MNIST loaders.

#include <filesystem>

#include "datasets/cache.h"
#include "datasets/datasets.h"
#include "datasets/idx.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

namespace fs = std::filesystem;

namespace {

const char* const kIdxFiles[] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte"};

// The file `stem` in `folder`, plain or .gz; empty when neither exists.
std::string idx_file(const std::string& folder, const std::string& stem) {
  for (const std::string& name : {stem + ".gz", stem}) {
    fs::path p = fs::path(folder) / name;
    if (fs::is_regular_file(p)) return p.string();
  }
  return "";
}

bool has_idx_files(const std::string& folder) {
  for (const char* stem : kIdxFiles) {
    if (idx_file(folder, stem).empty()) return false;
  }
  return true;
}

void check_pair(const Tensor& x, const Tensor& y, const std::string& folder, const char* split) {
  if (x.rank() != 3 || y.rank() != 1 || x.dim(0) != y.dim(0)) {
    throw IoError("The " + std::string(split) + " files in '" + folder + "' do not match: images " +
                  x.shape().to_string() + ", labels " + y.shape().to_string());
  }
}

}  // namespace

LoadedData load_idx_folder(const std::string& folder) {
  std::string files[4];
  for (int i = 0; i < 4; ++i) {
    files[i] = idx_file(folder, kIdxFiles[i]);
    if (files[i].empty()) {
      throw IoError("'" + folder + "' has no " + kIdxFiles[i] + "[.gz]; an MNIST-layout folder needs the four files " +
                    "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte");
    }
  }
  LoadedData d{read_idx(files[0]), read_idx(files[1]), read_idx(files[2]), read_idx(files[3])};
  check_pair(d.x_train, d.y_train, folder, "training");
  check_pair(d.x_test, d.y_test, folder, "test");
  return d;
}

namespace {

// As in Keras, a bare file name is looked up in the cache; a path with a folder is used as is.
std::vector<std::string> mnist_candidates(const std::string& path) {
  std::vector<std::string> c;
  if (fs::path(path).has_parent_path()) c.push_back(path);
  for (const auto& dir : keras_cache_dirs()) {
    c.push_back((fs::path(dir) / path).string());
    c.push_back((fs::path(dir) / "mnist").string());
  }
  return c;
}

bool usable_mnist(const std::string& candidate) {
  return fs::is_regular_file(candidate) || (fs::is_directory(candidate) && has_idx_files(candidate));
}

LoadedData mnist_from_npz(const std::string& file) {
  auto arrays = io::load_npz(file);
  LoadedData d;
  Tensor* slots[] = {&d.x_train, &d.y_train, &d.x_test, &d.y_test};
  const char* keys[] = {"x_train", "y_train", "x_test", "y_test"};
  for (int i = 0; i < 4; ++i) {
    auto it = arrays.find(keys[i]);
    if (it == arrays.end()) throw IoError("'" + file + "' has no array '" + keys[i] + "'; is it Keras' mnist.npz?");
    *slots[i] = it->second.astype(uint8);
  }
  check_pair(d.x_train, d.y_train, file, "training");
  check_pair(d.x_test, d.y_test, file, "test");
  return d;
}

std::vector<std::string> fashion_mnist_folders() {
  std::vector<std::string> folders;
  for (const auto& dir : keras_cache_dirs()) folders.push_back((fs::path(dir) / "fashion-mnist").string());
  folders.push_back("/usr/share/datasets/fashion-mnist");
  return folders;
}

}  // namespace

std::optional<std::string> mnist::locate(const std::string& path) {
  for (const auto& c : mnist_candidates(path)) {
    if (usable_mnist(c)) return c;
  }
  return std::nullopt;
}

LoadedData mnist::load_data(const std::string& path) {
  if (fs::is_directory(path)) return load_idx_folder(path);
  if (auto found = locate(path)) {
    return fs::is_directory(*found) ? load_idx_folder(*found) : mnist_from_npz(*found);
  }
  throw IoError("MNIST data not found. Tried:" + tried_list(mnist_candidates(path)) +
                "\nPlace Keras' mnist.npz (https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz) in "
                "~/.keras/datasets/, or the four MNIST IDX files (plain or .gz) in ~/.keras/datasets/mnist/.");
}

std::optional<std::string> fashion_mnist::locate() {
  for (const auto& folder : fashion_mnist_folders()) {
    if (has_idx_files(folder)) return folder;
  }
  return std::nullopt;
}

LoadedData fashion_mnist::load_data() {
  if (auto folder = locate()) return load_idx_folder(*folder);
  throw IoError("Fashion-MNIST data not found. Tried:" + tried_list(fashion_mnist_folders()) +
                "\nOn Debian/Ubuntu: apt-get install dataset-fashion-mnist. Otherwise place the four files "
                "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
                "t10k-labels-idx1-ubyte.gz in ~/.keras/datasets/fashion-mnist/.");
}

}  // namespace keras::datasets
