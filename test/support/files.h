#pragma once
// Temporary folders and dataset files in their real on-disk formats, for tests.

#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing {

/// A fresh folder under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Writes a uint8 tensor as an IDX file (gzip-compressed when gz is true).
void write_idx(const std::string& path, const Tensor& data, bool gz);
/// Writes the four MNIST-layout IDX files into `folder`.
void write_idx_folder(const std::string& folder, const Tensor& x_train, const Tensor& y_train, const Tensor& x_test,
                      const Tensor& y_test, bool gz);
void write_bytes(const std::string& path, const std::vector<char>& bytes);
std::vector<char> read_bytes(const std::string& path);

/// Runs a shell command; returns its exit status and combined stdout+stderr.
struct CommandResult {
  int status;
  std::string output;
};
CommandResult run_command(const std::string& command);

}  // namespace keras::testing
