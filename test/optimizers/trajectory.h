#pragma once
// Optimizer trajectories against double-precision references of Keras 3's update rules: two
// variables, a few steps of fixed gradients, compared after every step.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "libkeras/model/variable.h"
#include "optimizers/optimizer.h"
#include "test/support/check.h"

namespace keras::testing {

/// A (2, 2) kernel and a (3,) bias; elements are numbered 0..6 across both.
struct TwoVariables {
  Variable kernel{"kernel", "dense/kernel", tensor({0.5f, -1.0f, 1.5f, -0.25f}, {2, 2}), true};
  Variable bias{"bias", "dense/bias", tensor({2.0f, 0.0f, -0.75f}, {3}), true};
  std::vector<Variable*> list() { return {&kernel, &bias}; }
  std::vector<double> initial() const { return {0.5, -1.0, 1.5, -0.25, 2.0, 0.0, -0.75}; }
};

/// Gradient of element `i` at step `k` (0-based); evaluated in float, used as-is by the reference.
using GradientFn = std::function<float(int k, int i)>;
inline float wavy_gradient(int k, int i) { return static_cast<float>(std::sin(1.7 * i + 0.9 * k + 0.3)); }

/// Per-element optimizer state of the reference.
struct ElementState {
  double m = 0.0, v = 0.0, v_hat = 0.0, avg = 0.0;
};
/// One reference update of one element; `t` = iterations + 1 (1-based step).
using ReferenceStep = std::function<void(double& w, double g, ElementState& s, int t)>;

/// The gradients of step k as tensors shaped like the variables.
inline std::vector<Tensor> gradients_at(int k, const GradientFn& grad) {
  std::vector<float> g(7);
  for (int i = 0; i < 7; ++i) g[static_cast<std::size_t>(i)] = grad(k, i);
  return {tensor({g[0], g[1], g[2], g[3]}, {2, 2}), tensor({g[4], g[5], g[6]}, {3})};
}

/// Runs `steps` apply_gradients calls and checks both variables after each against `ref`.
inline void check_trajectory(optimizers::Optimizer& opt, const ReferenceStep& ref, int steps = 4,
                             const GradientFn& grad = wavy_gradient, double tol = 1e-6) {
  TwoVariables vars;
  std::vector<double> w = vars.initial();
  std::vector<ElementState> state(w.size());
  for (int k = 0; k < steps; ++k) {
    INFO("step " << k + 1);
    opt.apply_gradients(gradients_at(k, grad), vars.list());
    for (std::size_t i = 0; i < w.size(); ++i) ref(w[i], grad(k, static_cast<int>(i)), state[i], k + 1);
    check_close(vars.kernel.value(), {w[0], w[1], w[2], w[3]}, tol, tol);
    check_close(vars.bias.value(), {w[4], w[5], w[6]}, tol, tol);
    REQUIRE(opt.iterations() == k + 1);
  }
}

/// Keras 3 SGD (keras/src/optimizers/sgd.py).
inline ReferenceStep sgd_reference(double lr, double momentum = 0.0, bool nesterov = false) {
  return [=](double& w, double g, ElementState& s, int) {
    if (momentum == 0.0) {
      w -= lr * g;
      return;
    }
    s.m = momentum * s.m - lr * g;
    w += nesterov ? momentum * s.m - lr * g : s.m;
  };
}

/// Keras 3 Adam (keras/src/optimizers/adam.py); AdamW first applies w -= w * weight_decay * lr.
inline ReferenceStep adam_reference(double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7,
                                    bool amsgrad = false, double weight_decay = 0.0) {
  return [=](double& w, double g, ElementState& s, int t) {
    w -= w * weight_decay * lr;
    double alpha = lr * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t));
    s.m += (g - s.m) * (1.0 - b1);
    s.v += (g * g - s.v) * (1.0 - b2);
    double v = s.v;
    if (amsgrad) v = s.v_hat = std::max(s.v_hat, s.v);
    w -= s.m * alpha / (std::sqrt(v) + eps);
  };
}

/// Keras 3 RMSprop (keras/src/optimizers/rmsprop.py): epsilon inside the square root.
inline ReferenceStep rmsprop_reference(double lr, double rho = 0.9, double momentum = 0.0, double eps = 1e-7,
                                       bool centered = false) {
  return [=](double& w, double g, ElementState& s, int) {
    s.v = rho * s.v + (1.0 - rho) * g * g;
    double denominator = s.v + eps;
    if (centered) {
      s.avg = rho * s.avg + (1.0 - rho) * g;
      denominator = s.v - s.avg * s.avg + eps;
    }
    double increment = lr * g / std::sqrt(denominator);
    if (momentum > 0.0) {
      s.m = momentum * s.m + increment;
      w -= s.m;
    } else {
      w -= increment;
    }
  };
}

}  // namespace keras::testing
