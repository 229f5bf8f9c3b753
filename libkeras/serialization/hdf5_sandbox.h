#pragma once
// HDF5 1.10 (Debian 12's) trusts parts of the files it reads: fuzzing found that a damaged
// global heap makes H5Aread copy past its buffers, crashing or silently corrupting the heap.
// So libkeras never reads an untrusted HDF5 file in its own process: a child process opens it,
// copies every group, attribute and dataset into a fresh in-memory file written by HDF5 itself,
// and hands back that file's bytes. A child that crashes or hangs becomes an IoError naming the
// file; the parent only ever opens files HDF5 wrote from well-formed data.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace keras::io {

/// The bytes of a clean copy of the HDF5 file that `open_file` opens (a file id, negative on
/// failure), made in a child process. Throws IoError naming `source` when the file cannot be
/// opened or read, when reading it crashes, or when it does not finish in time (ten seconds,
/// more for large files).
std::vector<char> sanitized_hdf5_image(const std::function<std::int64_t()>& open_file, const std::string& source,
                                       std::uint64_t source_bytes);

}  // namespace keras::io
