// sum / mean / max over axes (with keepdims) and argmax: values against a naive reduction,
// gradients against finite differences and hand-derived tie rules.

#include <catch2/catch.hpp>
#include <string>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/ops/reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

struct AxesCase {
  std::vector<int> axes;     // as passed to the op (may be negative, unsorted, repeated)
  std::vector<int> reduced;  // the normalised axes of a rank-3 tensor
  Shape dropped, kept;       // result shape for keepdims false / true on (2, 3, 4)
};

const std::vector<AxesCase> kAxes = {
    {{}, {0, 1, 2}, {}, {1, 1, 1}},
    {{0}, {0}, {3, 4}, {1, 3, 4}},
    {{1}, {1}, {2, 4}, {2, 1, 4}},
    {{-1}, {2}, {2, 3}, {2, 3, 1}},
    {{0, 2}, {0, 2}, {3}, {1, 3, 1}},
    {{2, 0}, {0, 2}, {3}, {1, 3, 1}},
    {{1, -1}, {1, 2}, {2}, {2, 1, 1}},
    {{1, -2}, {1}, {2, 4}, {2, 1, 4}},
    {{0, 1, 2}, {0, 1, 2}, {}, {1, 1, 1}},
};

std::string describe(const std::string& op, const AxesCase& c, bool keepdims) {
  std::string s = op + " axes {";
  for (int a : c.axes) s += std::to_string(a) + ",";
  return s + "} keepdims=" + (keepdims ? "true" : "false");
}

}  // namespace

TEST_CASE("sum, mean and max over axes match a naive reduction", "[ops][reduction]") {
  Tensor x = random_tensor({2, 3, 4}, -2.0f, 2.0f, 21);
  for (const auto& c : kAxes) {
    std::vector<double> sum = ref::reduce(x, c.reduced, false), max = ref::reduce(x, c.reduced, true);
    std::int64_t count = 1;
    for (int a : c.reduced) count *= x.dim(a);
    std::vector<double> mean = sum;
    for (double& v : mean) v /= static_cast<double>(count);
    for (bool keepdims : {false, true}) {
      const Shape& expected_shape = keepdims ? c.kept : c.dropped;
      {
        INFO(describe("sum", c, keepdims));
        Tensor y = ops::sum(x, c.axes, keepdims);
        REQUIRE(y.shape() == expected_shape);
        check_close(y, sum, 1e-5, 1e-5);
      }
      {
        INFO(describe("mean", c, keepdims));
        Tensor y = ops::mean(x, c.axes, keepdims);
        REQUIRE(y.shape() == expected_shape);
        check_close(y, mean, 1e-6, 1e-5);
      }
      {
        INFO(describe("max", c, keepdims));
        Tensor y = ops::max(x, c.axes, keepdims);
        REQUIRE(y.shape() == expected_shape);
        check_close(y, max, 0, 0);
      }
    }
  }
}

TEST_CASE("Reductions at hand-derived points", "[ops][reduction]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  check_close(ops::sum(x), {21});
  check_close(ops::sum(x, {0}), {5, 7, 9});
  check_close(ops::sum(x, {1}, true), {6, 15});
  check_close(ops::mean(x, {1}), {2, 5});
  check_close(ops::mean(x), {3.5});
  check_close(ops::max(x, {0}), {4, 5, 6});
  check_close(ops::max(tensor({-5, -2, -9}, {3})), {-2});
  CHECK(ops::sum(x).rank() == 0);
  // Integer input is promoted to float32.
  Tensor ints = Tensor::from_vector(std::vector<std::int32_t>{1, 2, 4}, {3});
  CHECK(ops::mean(ints).dtype() == float32);
  CHECK(ops::mean(ints).item() == Approx(7.0 / 3.0));
}

TEST_CASE("Reduction gradients match finite differences", "[ops][reduction][grad]") {
  // Distinct values 0.1 apart: a finite-difference step cannot change which element is largest.
  Tensor x = ref::distinct_tensor({2, 3, 4}, 0.1f, -1.2f, 4);
  for (const auto& c : kAxes) {
    for (bool keepdims : {false, true}) {
      INFO(describe("sum/mean/max", c, keepdims));
      check_gradients([&](const std::vector<Tensor>& in) { return ops::sum(in[0], c.axes, keepdims); }, {x});
      check_gradients([&](const std::vector<Tensor>& in) { return ops::mean(in[0], c.axes, keepdims); }, {x});
      check_gradients([&](const std::vector<Tensor>& in) { return ops::max(in[0], c.axes, keepdims); }, {x});
    }
  }
}

TEST_CASE("Gradients of sum, mean and max are hand-derivable", "[ops][reduction][grad]") {
  Tensor x = tensor({1, 7, 3, 4, 5, 6}, {2, 3});
  {
    autograd::GradientTape tape;
    tape.watch(x);
    check_close(tape.gradient(ops::mean(x, {1}), {x})[0], {1. / 3, 1. / 3, 1. / 3, 1. / 3, 1. / 3, 1. / 3});
  }
  {
    autograd::GradientTape tape;
    tape.watch(x);
    // Column maxima are 4, 7, 6.
    check_close(tape.gradient(ops::max(x, {0}), {x})[0], {0, 1, 0, 1, 0, 1});
  }
  {
    // Tied maxima share the gradient equally, as tf.reduce_max and jax.numpy.max do: the
    // gradient of max still sums to one.
    Tensor t = tensor({1, 3, 3, 2, 2, 2}, {2, 3});
    autograd::GradientTape tape;
    tape.watch(t);
    check_close(tape.gradient(ops::max(t, {1}), {t})[0], {0, 0.5, 0.5, 1. / 3, 1. / 3, 1. / 3});
  }
}

TEST_CASE("argmax returns the index of the first maximum as int64", "[ops][reduction]") {
  Tensor x = tensor({1, 5, 5, 0, 9, 2, 9, 9}, {2, 4});
  Tensor last = ops::argmax(x);
  CHECK(last.dtype() == int64);
  REQUIRE(last.shape() == Shape{2});
  CHECK(last.to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 0});
  Tensor first = ops::argmax(x, 0);
  CHECK(first.to_vector<std::int64_t>() == std::vector<std::int64_t>{1, 0, 1, 1});
  CHECK(ops::argmax(tensor({-3, -1, -2}, {3})).item() == 1);
  // Not differentiable: nothing is recorded.
  autograd::GradientTape tape;
  tape.watch(x);
  CHECK_FALSE(tape.gradient(ops::argmax(x), {x})[0].defined());
}

TEST_CASE("Reductions reject axes outside the tensor's rank", "[ops][reduction][errors]") {
  Tensor x = Tensor::zeros({2, 3});
  REQUIRE_THROWS_AS(ops::sum(x, {2}), ValueError);
  REQUIRE_THROWS_WITH(ops::max(x, {-3}), Catch::Contains("-3") && Catch::Contains("rank 2"));
  REQUIRE_THROWS_AS(ops::argmax(x, 5), ValueError);
}
