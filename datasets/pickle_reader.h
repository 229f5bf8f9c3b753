#pragma once
// A restricted Python unpickler for the pickles inside Keras' datasets: the CIFAR batches (dicts of
// a numpy uint8 array and int lists) and the numpy object arrays of int lists inside imdb.npz and
// reuters.npz. Like Keras' RestrictedUnpickler (keras/src/datasets/npz_utils.py) it resolves only
// numpy.ndarray, numpy.dtype and numpy.{core,_core}.multiarray._reconstruct; it goes further and
// knows only the opcodes of pickle protocols 2-4 that such files use, and executes nothing: those
// three globals are interpreted as data. Every error is an IoError naming the file and byte offset.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::datasets::pickle {

enum class Kind : std::uint8_t { none, boolean, integer, bytes, text, tuple, list, dict, global, dtype, ndarray };

/// A value: bools and ints inline, anything else an index into Unpickled's object table, so the
/// stack, the memo and containers share one object as Python's references do.
struct Value {
  Kind kind = Kind::none;
  std::int64_t payload = 0;
};

/// A numpy array rebuilt from _reconstruct + BUILD. `descr` is numpy's ("|u1", "<i8", "|O").
struct NdArray {
  std::string descr;
  std::vector<std::int64_t> shape;
  std::string data;            // raw C-order bytes, for numeric dtypes
  std::vector<Value> objects;  // the elements, for dtype=object
};

/// Every heap value of a pickle. Only the fields of its kind are used.
struct Object {
  Kind kind = Kind::none;
  std::string text;                              // bytes/text contents; a global's "module.name"; a dtype's descr
  std::vector<Value> items;                      // tuple or list
  std::vector<std::pair<Value, Value>> entries;  // dict, in insertion order
  NdArray array;
};

/// The result of unpickling: the root value and the objects it refers to.
class Unpickled {
 public:
  Unpickled(std::string source, std::vector<Object> objects, Value root)
      : source_(std::move(source)), objects_(std::move(objects)), root_(root) {}

  Value root() const { return root_; }
  const std::string& source() const { return source_; }
  /// The contents of a bytes or text value (Python 2 str, bytes, str are all accepted).
  const std::string& string(Value v, const std::string& what) const;
  std::int64_t integer(Value v, const std::string& what) const;
  /// The elements of a list or tuple.
  const std::vector<Value>& items(Value v, const std::string& what) const;
  /// dict[key] for a dict keyed by bytes or str; nullopt when absent (the last duplicate wins, as in Python).
  std::optional<Value> get(Value dict, std::string_view key, const std::string& what) const;
  const NdArray& ndarray(Value v, const std::string& what) const;
  /// A numeric numpy array as a tensor (uint8, bool, little-endian int32/int64/float32/float64).
  Tensor tensor(Value v, const std::string& what) const;

 private:
  const Object& object(Value v, Kind expected, const std::string& what) const;
  std::string source_;
  std::vector<Object> objects_;
  Value root_;
};

/// Limits that keep a hostile stream from exhausting memory: values pending on the stack (bounds
/// the nesting depth) and open MARKs.
inline constexpr std::size_t kMaxStack = std::size_t{1} << 17;
inline constexpr std::size_t kMaxMarks = 1024;

/// Unpickles one pickle stream. `source` names the file in errors; `base_offset` is where the
/// stream starts in that file, so reported offsets are file offsets. Bytes after STOP are ignored.
Unpickled load(std::string_view bytes, const std::string& source, std::size_t base_offset = 0);

/// The Python name of a kind ("list", "numpy.ndarray"), for messages.
const char* kind_name(Kind kind);

}  // namespace keras::datasets::pickle
