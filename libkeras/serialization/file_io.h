#pragma once
// Whole-file reads and atomic writes (write to a temporary file in the same folder, then
// rename), so an interrupted save never leaves a half-written file behind.

#include <string>
#include <vector>

namespace keras::io {

/// Reads a whole file; throws IoError naming the path.
std::vector<char> read_file(const std::string& path);
/// Replaces `path` with `bytes` atomically.
void write_file_atomic(const std::string& path, const std::vector<char>& bytes);

}  // namespace keras::io
