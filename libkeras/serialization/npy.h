#pragma once
// numpy .npy arrays (format versions 1-3, little-endian, C order) and .npz archives.

#include <map>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::io {

/// Parses .npy bytes; `source` names the file in errors.
Tensor parse_npy(const std::vector<char>& bytes, const std::string& source);
/// Encodes a tensor as .npy (version 1.0).
std::vector<char> encode_npy(const Tensor& tensor);

Tensor load_npy(const std::string& path);
/// Writes atomically (temporary file, then rename).
void save_npy(const std::string& path, const Tensor& tensor);

/// Every array of an .npz archive, keyed by name without ".npy".
std::map<std::string, Tensor> load_npz(const std::string& path);
/// Writes an .npz archive as np.savez does (one stored "<name>.npy" member per array), atomically.
void save_npz(const std::string& path, const std::map<std::string, Tensor>& arrays);

}  // namespace keras::io
