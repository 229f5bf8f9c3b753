#pragma once
// Declarative input checks (Keras InputSpec): a layer states what it accepts and the base class
// rejects anything else with Keras' message, naming the layer and both shapes.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libkeras/tensor/shape.h"

namespace keras {

struct InputSpec {
  std::optional<int> ndim;
  std::optional<int> min_ndim;
  /// (axis, required size) pairs; axes may be negative.
  std::vector<std::pair<int, std::int64_t>> axes;
};

/// Throws ShapeError: 'Input 0 of layer "dense" is incompatible with the layer: ...'.
void check_input_spec(const InputSpec& spec, const Shape& shape, const std::string& layer_name, int input_index = 0);

}  // namespace keras
