#pragma once
// HDF5 1.10 (Debian 12's) trusts parts of the files it reads: fuzzing found that a damaged
// global heap makes H5Aread copy past its buffers, crashing or silently corrupting the heap.
// So libkeras never reads an untrusted HDF5 file in its own process: a child process opens it
// and copies every group, attribute and dataset into a fresh in-memory file written by HDF5
// itself, which the parent then reads. A child that crashes or hangs becomes an IoError naming the
// file; the parent only ever opens files HDF5 wrote from well-formed data.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace keras::io {

/// A clean copy of an HDF5 file in a scratch file (in /dev/shm where there is one), removed when
/// this is destroyed or released: on Linux an open file outlives its name.
class SanitizedHdf5 {
 public:
  SanitizedHdf5() = default;
  SanitizedHdf5(SanitizedHdf5&& other) noexcept;
  SanitizedHdf5(const SanitizedHdf5&) = delete;
  SanitizedHdf5& operator=(const SanitizedHdf5&) = delete;
  SanitizedHdf5& operator=(SanitizedHdf5&&) = delete;
  ~SanitizedHdf5();
  const std::string& path() const { return path_; }
  /// Removes the file's name (call once it is open).
  void release();

 private:
  friend SanitizedHdf5 sanitize_hdf5(const std::function<std::int64_t()>&, const std::string&, std::uint64_t);
  std::string path_;
};

/// A clean copy of the HDF5 file that `open_file` opens (a file id, negative on failure), made
/// in a child process. Throws IoError naming `source` when the file cannot be opened or read,
/// when reading it crashes, or when it does not finish in time (ten seconds, more for large
/// files). `source_bytes` (the file's size) bounds how much the copy may hold.
SanitizedHdf5 sanitize_hdf5(const std::function<std::int64_t()>& open_file, const std::string& source,
                            std::uint64_t source_bytes);

}  // namespace keras::io
