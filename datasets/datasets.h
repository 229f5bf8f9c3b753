#pragma once
// keras.datasets: the classic datasets, read from the files Keras itself downloads.
//
//   auto [x_train, y_train, x_test, y_test] = keras::datasets::fashion_mnist::load_data();
//   auto imdb = keras::datasets::imdb::load_data({.num_words = 10000});

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::datasets {

/// ((x_train, y_train), (x_test, y_test)) flattened for C++ structured bindings.
struct LoadedData {
  Tensor x_train, y_train, x_test, y_test;
};

/// imdb and reuters: sequences of word indices (Keras' object arrays of int lists) and their labels
/// (rows of the file's label array, in its dtype).
struct SequenceData {
  std::vector<std::vector<std::int64_t>> x_train;
  Tensor y_train;
  std::vector<std::vector<std::int64_t>> x_test;
  Tensor y_test;
};

/// The folders searched for dataset files, in order: $KERAS_HOME/datasets, ~/.keras/datasets,
/// /tmp/.keras/datasets (Keras' fallback when its home is not writable).
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

namespace cifar10 {
/// x uint8 (50000, 32, 32, 3) channels_last, y uint8 (50000, 1); test (10000, ...). Reads Keras'
/// extraction of cifar-10-python.tar.gz (cifar-10-batches-py-target/cifar-10-batches-py/, or
/// cifar-10-batches-py/ directly in the cache), or the binary version's cifar-10-batches-bin/.
LoadedData load_data();
/// The folder load_data() would read from, if any.
std::optional<std::string> locate();
}  // namespace cifar10

namespace cifar100 {
/// label_mode "fine" (0-99) or "coarse" (0-19); y is int64 (n, 1), as Keras' np.reshape of the
/// label lists makes it. Reads cifar-100-python[-target]/{train,test} or cifar-100-binary/{train,test}.bin.
LoadedData load_data(const std::string& label_mode = "fine");
std::optional<std::string> locate();
}  // namespace cifar100

namespace imdb {
/// keras.datasets.imdb.load_data's arguments and defaults; unset optionals are Python's None.
struct Options {
  std::string path = "imdb.npz";
  std::optional<std::int64_t> num_words = std::nullopt;
  std::int64_t skip_top = 0;
  /// Drops (does not truncate) sequences of maxlen or more words, counting start_char.
  std::optional<std::int64_t> maxlen = std::nullopt;
  std::int64_t seed = 113;
  std::optional<std::int64_t> start_char = 1;
  std::optional<std::int64_t> oov_char = 2;
  std::int64_t index_from = 3;
};
/// 25000 training and 25000 test reviews, shuffled with numpy's RandomState(seed) exactly as Keras.
SequenceData load_data(const Options& options = {});
/// word -> rank (1 = most frequent) from imdb_word_index.json.
std::map<std::string, std::int64_t> get_word_index(const std::string& path = "imdb_word_index.json");
}  // namespace imdb

namespace reuters {
struct Options {
  std::string path = "reuters.npz";
  std::optional<std::int64_t> num_words = std::nullopt;
  std::int64_t skip_top = 0;
  std::optional<std::int64_t> maxlen = std::nullopt;
  double test_split = 0.2;
  std::int64_t seed = 113;
  std::optional<std::int64_t> start_char = 1;
  std::optional<std::int64_t> oov_char = 2;
  std::int64_t index_from = 3;
};
/// 11228 newswires over 46 topics, shuffled then split at int(n * (1 - test_split)).
SequenceData load_data(const Options& options = {});
std::map<std::string, std::int64_t> get_word_index(const std::string& path = "reuters_word_index.json");
/// The 46 topic names, indexed by label.
std::vector<std::string> get_label_names();
}  // namespace reuters

namespace boston_housing {
/// x float64 (404, 13), y float64 (404,); test (102, 13), (102,): shuffled with RandomState(seed),
/// split at int(n * (1 - test_split)). ValueError unless 0 <= test_split < 1.
LoadedData load_data(const std::string& path = "boston_housing.npz", double test_split = 0.2, std::int64_t seed = 113);
}  // namespace boston_housing

}  // namespace keras::datasets
