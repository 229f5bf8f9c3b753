#pragma once
// The .npz archives of Keras' datasets (keras/src/datasets/npz_utils.py): numeric members are
// plain .npy arrays; imdb's and reuters' ragged sequences are numpy object arrays, stored as a
// pickle after the .npy header and read with the restricted unpickler.

#include <cstdint>
#include <string>
#include <vector>

#include "libkeras/serialization/zip_archive.h"
#include "libkeras/tensor/tensor.h"

namespace keras::datasets {

using Sequences = std::vector<std::vector<std::int64_t>>;

class DatasetNpz {
 public:
  /// Opens `path`; IoError naming it when it is not a readable zip.
  explicit DatasetNpz(const std::string& path);

  /// The numeric array `<key>.npy`; IoError naming the file and member when absent or not numeric.
  Tensor array(const std::string& key) const;
  /// The object array `<key>.npy` of int lists (or tuples), one sequence per element.
  Sequences sequences(const std::string& key) const;

 private:
  std::vector<char> member(const std::string& key) const;
  std::string path_;
  io::ZipReader zip_;
};

/// Rows `indices` of `t` along its first axis, in that order (numpy's t[indices]).
Tensor take_rows(const Tensor& t, const std::vector<std::int64_t>& indices);

}  // namespace keras::datasets
