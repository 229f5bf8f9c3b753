#include "libkeras/model/input_spec.h"

#include "libkeras/utils/error.h"

namespace keras {

void check_input_spec(const InputSpec& spec, const Shape& shape, const std::string& layer_name, int input_index) {
  const std::string prefix =
      "Input " + std::to_string(input_index) + " of layer \"" + layer_name + "\" is incompatible with the layer: ";
  if (spec.ndim && shape.rank() != *spec.ndim) {
    throw ShapeError(prefix + "expected ndim=" + std::to_string(*spec.ndim) + ", found ndim=" +
                     std::to_string(shape.rank()) + ". Full shape received: " + shape.to_string());
  }
  if (spec.min_ndim && shape.rank() < *spec.min_ndim) {
    throw ShapeError(prefix + "expected min_ndim=" + std::to_string(*spec.min_ndim) + ", found ndim=" +
                     std::to_string(shape.rank()) + ". Full shape received: " + shape.to_string());
  }
  for (const auto& [axis, value] : spec.axes) {
    int a = axis < 0 ? axis + shape.rank() : axis;
    if (a < 0 || a >= shape.rank()) {
      throw ShapeError(prefix + "expected axis " + std::to_string(axis) + " to exist, but received input with shape " +
                       shape.to_string());
    }
    if (shape[a] >= 0 && shape[a] != value) {
      throw ShapeError(prefix + "expected axis " + std::to_string(axis) + " of input shape to have value " +
                       std::to_string(value) + ", but received input with shape " + shape.to_string());
    }
  }
}

}  // namespace keras
