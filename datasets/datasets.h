#pragma once
// keras.datasets: the classic datasets, read from the files Keras itself downloads.
//
//   auto [x_train, y_train, x_test, y_test] = keras::datasets::fashion_mnist::load_data();

#include <optional>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::datasets {

/// ((x_train, y_train), (x_test, y_test)) flattened for C++ structured bindings.
struct LoadedData {
  Tensor x_train, y_train, x_test, y_test;
};

/// The folders searched for dataset files, in order: $KERAS_HOME/datasets, ~/.keras/datasets.
std::vector<std::string> keras_cache_dirs();

/// Reads train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
/// t10k-labels-idx1-ubyte (each plain or .gz) from `folder`: uint8 (n, 28, 28) / (n,).
LoadedData load_idx_folder(const std::string& folder);

namespace mnist {
/// Keras' mnist.npz (x_train, y_train, x_test, y_test) from the Keras cache, or the four IDX
/// files from <cache>/mnist/. `path` may also name an .npz file or an IDX folder directly.
LoadedData load_data(const std::string& path = "mnist.npz");
/// Where load_data() would read from, if anywhere.
std::optional<std::string> locate(const std::string& path = "mnist.npz");
}  // namespace mnist

namespace fashion_mnist {
/// The four IDX .gz files from $KERAS_HOME/datasets/fashion-mnist, ~/.keras/datasets/fashion-mnist,
/// then /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist).
LoadedData load_data();
/// The folder load_data() would read from, if any.
std::optional<std::string> locate();
}  // namespace fashion_mnist

}  // namespace keras::datasets
