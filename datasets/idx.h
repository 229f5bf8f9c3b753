#pragma once
// The IDX format of MNIST-style files (big-endian header, then uint8 data), plain or gzip.

#include <string>

#include "libkeras/tensor/tensor.h"

namespace keras::datasets {

/// Reads an unsigned-byte IDX file (.gz or uncompressed) into a uint8 tensor of its shape.
/// A wrong magic number, a truncated file or a corrupt gzip stream is an IoError naming the file.
Tensor read_idx(const std::string& path);

}  // namespace keras::datasets
