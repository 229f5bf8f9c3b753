#pragma once
// The unpickler's three allowed globals, applied as data rather than called: REDUCE on
// _reconstruct makes an empty array, REDUCE on numpy.dtype a dtype, and BUILD fills either from
// the state numpy's __reduce__ wrote. Internal to pickle_reader.cpp.

#include <string>
#include <vector>

#include "datasets/pickle_reader.h"

namespace keras::datasets::pickle {

class NumpyBuilder {
 public:
  /// `where` prefixes every error (file and byte offset).
  NumpyBuilder(std::vector<Object>& objects, std::string where) : objects_(objects), where_(std::move(where)) {}

  /// callable(*args) for a global callable.
  Value reduce(Value callable, Value args);
  /// obj.__setstate__(state) for a dtype or an array.
  void build(Value obj, Value state);

 private:
  [[noreturn]] void fail(const std::string& what) const;
  const Object& get(Value v) const { return objects_[static_cast<std::size_t>(v.payload)]; }
  const std::vector<Value>& tuple(Value v, const char* what) const;
  const std::string& string(Value v, const char* what) const;
  void build_dtype(std::size_t index, const std::vector<Value>& state);
  void build_array(std::size_t index, const std::vector<Value>& state);

  std::vector<Object>& objects_;
  std::string where_;
};

/// The element size of a numpy descr such as "<i8" (0 for "|O").
std::size_t descr_itemsize(const std::string& descr);

}  // namespace keras::datasets::pickle
