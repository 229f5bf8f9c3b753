#pragma once
// The CIFAR batch files (keras/src/datasets/cifar.py) in both of Toronto's formats: the Python
// pickles Keras downloads, and the "-bin" records. Internal to the CIFAR loaders.

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/datasets.h"
#include "libkeras/tensor/tensor.h"

namespace keras::datasets::cifar {

/// One batch: images uint8 (n, 32, 32, 3), already moved from the files' planar (n, 3, 32, 32)
/// to channels_last as Keras does, and their labels.
struct Batch {
  Tensor x;
  std::vector<std::int64_t> labels;
};

/// Keras' load_batch: a pickled dict with b"data" (uint8 (n, 3072)) and `label_key` (a list).
Batch load_batch(const std::string& fpath, const std::string& label_key = "labels");

/// A binary batch of records `<label bytes><3072 pixel bytes>`; `label_index` picks the label byte
/// (CIFAR-100 records hold the coarse label, then the fine one).
Batch load_binary_batch(const std::string& fpath, int label_bytes, int label_index);

/// The two formats' file names in one folder, pickles first.
struct Layout {
  std::vector<std::string> train, test;
  bool binary;
};

/// The batches of `layout` in `folder` joined into ((x_train, y_train), (x_test, y_test)), labels
/// (n, 1) of `label_dtype`; IoError naming any missing file.
LoadedData load_folder(const std::string& folder, const Layout& layout, const std::string& label_key, int label_bytes,
                       int label_index, DType label_dtype);

}  // namespace keras::datasets::cifar
