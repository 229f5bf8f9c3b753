#pragma once
// Tensor comparisons for tests.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing {

/// |actual - expected| <= atol + rtol * |expected| elementwise, with the first mismatch reported.
inline void check_close(const Tensor& actual, const std::vector<double>& expected, double atol = 1e-5,
                        double rtol = 1e-5) {
  std::vector<double> a = actual.to_vector<double>();
  REQUIRE(a.size() == expected.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    double tol = atol + rtol * std::fabs(expected[i]);
    if (!(std::fabs(a[i] - expected[i]) <= tol)) {
      std::ostringstream msg;
      msg << "element " << i << ": actual " << a[i] << " expected " << expected[i] << " (tolerance " << tol << ")";
      FAIL(msg.str());
    }
  }
}

inline void check_close(const Tensor& actual, const Tensor& expected, double atol = 1e-5, double rtol = 1e-5) {
  REQUIRE(actual.shape() == expected.shape());
  check_close(actual, expected.to_vector<double>(), atol, rtol);
}

/// A float32 tensor from values.
inline Tensor tensor(const std::vector<float>& values, const Shape& shape) { return Tensor::from_vector(values, shape); }

/// Deterministic pseudo-random values in [lo, hi).
std::vector<float> random_values(std::size_t n, float lo = -1.0f, float hi = 1.0f, unsigned seed = 1);
inline Tensor random_tensor(const Shape& shape, float lo = -1.0f, float hi = 1.0f, unsigned seed = 1) {
  return Tensor::from_vector(random_values(static_cast<std::size_t>(shape.size()), lo, hi, seed), shape);
}

}  // namespace keras::testing
