#pragma once
// Pieces hdf5_file.cpp and hdf5_attributes.cpp share. Internal: it includes hdf5.h, which the
// installed headers never expose, so it is not installed.

#include <hdf5.h>

#include <cstddef>
#include <string>
#include <vector>

namespace keras::io::detail {

using Closer = herr_t (*)(hid_t);

// A scoped handle for temporaries (types, spaces, attributes, property lists).
class Scoped {
 public:
  Scoped(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Scoped() {
    if (id_ >= 0) close_(id_);
  }
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
  operator hid_t() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

/// The `n` strings of a string attribute (fixed or variable length); `n` must be the attribute's
/// element count, since H5Aread writes all of them. IoError naming `where` on failure.
std::vector<std::string> read_strings(hid_t attr, hid_t type, hid_t space, std::size_t n, const std::string& where);

}  // namespace keras::io::detail
