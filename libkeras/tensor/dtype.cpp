#include "libkeras/tensor/dtype.h"

#include "libkeras/utils/error.h"

namespace keras {

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::float32: return 4;
    case DType::float64: return 8;
    case DType::int32: return 4;
    case DType::int64: return 8;
    case DType::uint8: return 1;
  }
  return 0;
}

std::string dtype_name(DType dtype) {
  switch (dtype) {
    case DType::float32: return "float32";
    case DType::float64: return "float64";
    case DType::int32: return "int32";
    case DType::int64: return "int64";
    case DType::uint8: return "uint8";
  }
  return "?";
}

DType dtype_from_name(const std::string& name) {
  for (DType d : {DType::float32, DType::float64, DType::int32, DType::int64, DType::uint8}) {
    if (dtype_name(d) == name) return d;
  }
  throw ValueError("Unknown dtype '" + name + "'. Valid dtypes: float32, float64, int32, int64, uint8");
}

}  // namespace keras
