#include "datasets/pickle_numpy.h"

#include <cstring>

#include "libkeras/utils/error.h"

namespace keras::datasets::pickle {

namespace {

bool is_string(Kind k) { return k == Kind::bytes || k == Kind::text; }

// numpy's descr for a dtype type string such as "u1", "i8" or "O8", given the pickled byte order.
// An empty result means the type is not one these datasets use.
std::string descr_of(const std::string& type, char order) {
  if (type.size() < 2 || type.size() > 3) return "";
  const char kind = type[0];
  const std::string size = type.substr(1);
  if (kind == 'O' && (size == "4" || size == "8")) return "|O";
  const bool one = size == "1";
  if (!((kind == 'u' || kind == 'b') && one) && !((kind == 'i' || kind == 'f') && (size == "4" || size == "8"))) {
    return "";
  }
  // '=' is native order; numpy only pickles it from little-endian machines' dtype('=...').
  const char resolved = one ? '|' : (order == '>' ? '>' : '<');
  return resolved + type;
}

}  // namespace

std::size_t descr_itemsize(const std::string& descr) {
  return descr == "|O" ? 0 : static_cast<std::size_t>(descr.back() - '0');
}

void NumpyBuilder::fail(const std::string& what) const { throw IoError(where_ + what); }

const std::vector<Value>& NumpyBuilder::tuple(Value v, const char* what) const {
  if (v.kind != Kind::tuple) fail(std::string(what) + " must be a tuple, not a " + kind_name(v.kind));
  return get(v).items;
}

const std::string& NumpyBuilder::string(Value v, const char* what) const {
  if (!is_string(v.kind)) fail(std::string(what) + " must be a string, not a " + kind_name(v.kind));
  return get(v).text;
}

Value NumpyBuilder::reduce(Value callable, Value args_value) {
  if (callable.kind != Kind::global) fail(std::string("REDUCE calls a ") + kind_name(callable.kind));
  const std::string name = get(callable).text;
  const std::vector<Value> args = tuple(args_value, "REDUCE's arguments");
  Object o;
  if (name == "_reconstruct") {
    if (args.size() != 3 || args[0].kind != Kind::global || get(args[0]).text != "ndarray" ||
        args[1].kind != Kind::tuple || !is_string(args[2].kind)) {
      fail("_reconstruct expects (numpy.ndarray, shape, typecode)");
    }
    o.kind = Kind::ndarray;
  } else if (name == "dtype") {
    if (args.size() != 3) fail("numpy.dtype expects (type, align, copy)");
    o.kind = Kind::dtype;
    o.text = string(args[0], "numpy.dtype's type");
    o.array.descr = descr_of(o.text, '=');
    if (o.array.descr.empty()) {
      fail("numpy dtype '" + o.text.substr(0, 16) +
           "' is not supported (uint8, bool, int32, int64, float32, "
           "float64 or object)");
    }
  } else {
    fail("calling numpy." + name + " directly is not supported");
  }
  const Kind kind = o.kind;
  objects_.push_back(std::move(o));
  return {kind, static_cast<std::int64_t>(objects_.size() - 1)};
}

void NumpyBuilder::build(Value obj, Value state_value) {
  const std::vector<Value> state = tuple(state_value, "BUILD's state");
  const auto index = static_cast<std::size_t>(obj.payload);
  if (obj.kind == Kind::dtype) {
    build_dtype(index, state);
  } else if (obj.kind == Kind::ndarray) {
    build_array(index, state);
  } else {
    fail(std::string("BUILD on a ") + kind_name(obj.kind) + "; only numpy arrays and dtypes can be rebuilt");
  }
}

// numpy's dtype state: (version, byte order, subarray, names, fields, elsize, alignment[, flags[, metadata]]),
// shorter in old versions; only plain (unstructured) dtypes are accepted.
void NumpyBuilder::build_dtype(std::size_t index, const std::vector<Value>& state) {
  if (state.size() < 6 || state.size() > 9) fail("numpy.dtype state has " + std::to_string(state.size()) + " items");
  const std::string& order = string(state[1], "the dtype's byte order");
  if (order.size() != 1 || std::string("<>|=").find(order[0]) == std::string::npos) {
    fail("invalid dtype byte order '" + order.substr(0, 8) + "'");
  }
  const std::size_t structured_fields = state.size() >= 7 ? 3 : 2;
  for (std::size_t i = 2; i < 2 + structured_fields; ++i) {
    if (state[i].kind != Kind::none) fail("structured and subarray dtypes are not supported");
  }
  Object& o = objects_[index];
  o.array.descr = descr_of(o.text, order[0]);
}

// numpy's ndarray state: ([version,] shape, dtype, is_fortran, data), data being the raw bytes or,
// for dtype=object, a list of the elements.
void NumpyBuilder::build_array(std::size_t index, const std::vector<Value>& state_in) {
  if (state_in.size() != 4 && state_in.size() != 5) {
    fail("numpy.ndarray state has " + std::to_string(state_in.size()) + " items, not 4 or 5");
  }
  const Value* s = state_in.data() + (state_in.size() - 4);
  std::vector<std::int64_t> shape;
  std::size_t count = 1;
  for (Value d : tuple(s[0], "the array's shape")) {
    if (d.kind != Kind::integer || d.payload < 0) fail("array dimensions must be non-negative ints");
    if (__builtin_mul_overflow(count, static_cast<std::size_t>(d.payload), &count) || count > (std::size_t{1} << 40)) {
      fail("array shape is too large");
    }
    shape.push_back(d.payload);
  }
  if (s[1].kind != Kind::dtype) fail(std::string("the array's dtype is a ") + kind_name(s[1].kind));
  const std::string descr = get(s[1]).array.descr;
  if ((s[2].kind == Kind::boolean || s[2].kind == Kind::integer) && s[2].payload && shape.size() > 1) {
    fail("Fortran-ordered arrays are not supported");
  }
  NdArray array;
  array.descr = descr;
  array.shape = std::move(shape);
  if (descr == "|O") {
    if (s[3].kind != Kind::list) fail("an object array's data must be a list");
    array.objects = get(s[3]).items;
    if (array.objects.size() != count) {
      fail("object array of " + std::to_string(count) + " elements holds " + std::to_string(array.objects.size()));
    }
  } else {
    const std::string& data = string(s[3], "the array's data");
    if (data.size() / descr_itemsize(descr) != count || data.size() % descr_itemsize(descr)) {
      fail("array data holds " + std::to_string(data.size()) + " bytes, but " + std::to_string(count) +
           " elements of " + descr + " need " + std::to_string(count * descr_itemsize(descr)));
    }
    array.data = data;
  }
  objects_[index].array = std::move(array);
}

Tensor Unpickled::tensor(Value v, const std::string& what) const {
  const NdArray& a = ndarray(v, what);
  DType dtype;
  if (a.descr == "|u1" || a.descr == "|b1") {
    dtype = uint8;
  } else if (a.descr == "<i4") {
    dtype = int32;
  } else if (a.descr == "<i8") {
    dtype = int64;
  } else if (a.descr == "<f4") {
    dtype = float32;
  } else if (a.descr == "<f8") {
    dtype = float64;
  } else {
    throw IoError("'" + source_ + "': " + what + " has dtype '" + a.descr + "', not a little-endian numeric type");
  }
  Tensor t{Shape(a.shape), dtype};
  if (!a.data.empty()) std::memcpy(t.raw_data(), a.data.data(), a.data.size());
  return t;
}

}  // namespace keras::datasets::pickle
