#pragma once
// A small RAII view of HDF5 files, as much as Keras' weight files need: groups, string
// attributes in every spelling real Keras writers used, and numeric datasets as Tensors.
// Files are written in memory and saved atomically, so a failed save leaves no half file.
// Every error names the file and the object path.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::io {

class H5File;
class SanitizedHdf5;

/// An HDF5 group (or the root). Paths are relative to this group ("a/b/c").
class H5Group {
 public:
  /// "/model_weights/dense" in errors.
  const std::string& path() const { return path_; }
  const std::string& source() const { return *source_; }

  bool has(const std::string& name) const;
  bool has_group(const std::string& name) const;
  bool has_dataset(const std::string& name) const;
  /// The sub-group; IoError naming file and path when it is missing or not a group.
  H5Group group(const std::string& name) const;
  std::optional<H5Group> find_group(const std::string& name) const;
  /// Creates `name` (and missing intermediate groups), or opens it when it exists.
  H5Group require_group(const std::string& name);
  /// Names of the direct children, in HDF5's name order.
  std::vector<std::string> children() const;

  bool has_attribute(const std::string& name) const;
  /// A scalar string attribute (fixed or variable length, ASCII or UTF-8).
  std::string string_attribute(const std::string& name) const;
  std::optional<std::string> find_string_attribute(const std::string& name) const;
  /// A list of strings: a 1-D (or scalar) string attribute, a zero-length numeric array (= empty
  /// list, as Keras writes it), or Keras' chunked `name0`, `name1`, ... attributes.
  std::vector<std::string> string_list_attribute(const std::string& name) const;
  /// Writes a variable-length UTF-8 scalar string.
  void set_string_attribute(const std::string& name, const std::string& value);
  /// Variable-length UTF-8 strings; an empty list as an empty float64 array (as h5py/Keras do);
  /// chunked into `name0`, `name1`, ... past HDF5's 64 KiB object-header limit.
  void set_string_list_attribute(const std::string& name, const std::vector<std::string>& values);

  /// A numeric dataset as a Tensor: float16/32 -> float32, float64, int8-32 and uint16 -> int32,
  /// int64/uint32/uint64 -> int64, uint8, and Keras' bfloat16 datasets (attribute dtype=bfloat16).
  Tensor read_dataset(const std::string& name) const;
  /// Writes float32/float64/int32/int64/uint8 as the same HDF5 type (scalar for rank 0).
  void write_dataset(const std::string& name, const Tensor& value);
  /// The shape of a dataset without reading it.
  Shape dataset_shape(const std::string& name) const;

 private:
  friend class H5File;
  H5Group(std::shared_ptr<const std::string> source, std::shared_ptr<std::int64_t> id, std::string path)
      : source_(std::move(source)), id_(std::move(id)), path_(std::move(path)) {}
  std::string where(const std::string& name) const;
  std::string child_path(const std::string& name) const;

  std::shared_ptr<const std::string> source_;
  std::shared_ptr<std::int64_t> id_;
  std::string path_;
};

class H5File {
 public:
  /// Opens read-only; IoError naming the file when it is missing, not HDF5, or corrupt. What is
  /// opened is a clean copy made in a child process (hdf5_sandbox.h), never the file itself.
  static H5File open(const std::string& path);
  /// Opens an in-memory image read-only (a member of a .keras archive); `source` names it.
  static H5File open_image(const std::vector<char>& bytes, const std::string& source);
  /// A new, empty file held in memory; image() or save() writes it out.
  static H5File create(const std::string& source);

  H5Group root() const;
  const std::string& source() const { return *source_; }
  /// The bytes of the file as it would be on disk (files made by create()).
  std::vector<char> image() const;
  /// Writes image() to `path` atomically.
  void save(const std::string& path) const;

  /// True when `bytes` start with the HDF5 signature (at offset 0; user blocks are not used by Keras).
  static bool has_signature(const std::vector<char>& bytes);

 private:
  static H5File open_clean(SanitizedHdf5 copy, const std::string& source);
  H5File(std::shared_ptr<const std::string> source, std::shared_ptr<std::int64_t> id)
      : source_(std::move(source)), id_(std::move(id)) {}
  std::shared_ptr<const std::string> source_;
  std::shared_ptr<std::int64_t> id_;
};

}  // namespace keras::io
