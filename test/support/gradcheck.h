#pragma once
// Finite-difference gradient checks (every differentiable op and layer is checked with this).

#include <functional>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing {

struct GradcheckOptions {
  double eps = 1e-2;   ///< central-difference step
  double atol = 2e-3;
  double rtol = 2e-2;
};

/// Compares the tape's gradient of sum(f(inputs) * w) (w: fixed random weights) with respect
/// to every input and every tensor in `extra` (e.g. layer weights, read by f by capture) with
/// central differences. Fails the current test with the offending element on mismatch.
void check_gradients(const std::function<Tensor(const std::vector<Tensor>&)>& f, std::vector<Tensor> inputs,
                     GradcheckOptions options = {}, std::vector<Tensor> extra = {});

}  // namespace keras::testing
