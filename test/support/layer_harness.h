#pragma once
// One call checks what every layer must satisfy (Keras' run_layer_test): build from an input
// shape, output shape equal to compute_output_shape, weight names in Keras order, config round
// trip through the registry and through JSON text, and finite-difference gradients for the
// input and every weight.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/model/layer.h"
#include "test/support/gradcheck.h"

namespace keras::testing {

struct LayerTestSpec {
  std::function<std::shared_ptr<Layer>()> make;
  Shape input_shape;                     ///< batch axis included
  std::optional<Shape> expected_output_shape;
  std::vector<std::string> weight_names;  ///< in Keras order
  bool check_grads = true;
  float input_lo = -1.0f, input_hi = 1.0f;
  GradcheckOptions grad = {};
};

void run_layer_test(const LayerTestSpec& spec);

/// Calls layer(x, training) with NoGrad (for forward-value tests).
Tensor forward(Layer& layer, const Tensor& x, bool training = false);

}  // namespace keras::testing
