// max_pool2d and average_pool2d (channels_last): values against naive pooling with TensorFlow
// 'same' padding (extra pixel at the bottom/right, padding excluded from averages and never
// the maximum), gradients against finite differences, and errors.

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

struct PoolCase {
  std::string name;
  Shape x;
  int ph, pw, sh, sw;
  bool same;
  Shape expected;
};

const std::vector<PoolCase> kPoolCases = {
    {"valid 2x2 / 2", {2, 4, 6, 3}, 2, 2, 2, 2, false, {2, 2, 3, 3}},
    {"valid 2x2 / 2, odd size drops the last row", {1, 5, 5, 2}, 2, 2, 2, 2, false, {1, 2, 2, 2}},
    {"valid overlapping 3x3 / 1", {2, 5, 4, 2}, 3, 3, 1, 1, false, {2, 3, 2, 2}},
    {"valid overlapping 3x2 / (2, 1)", {1, 7, 5, 3}, 3, 2, 2, 1, false, {1, 3, 4, 3}},
    {"same 2x2 / 2 on odd size", {2, 5, 5, 2}, 2, 2, 2, 2, true, {2, 3, 3, 2}},
    {"same overlapping 3x3 / 2", {1, 5, 6, 2}, 3, 3, 2, 2, true, {1, 3, 3, 2}},
    {"same 3x3 / 1", {1, 4, 3, 2}, 3, 3, 1, 1, true, {1, 4, 3, 2}},
    {"same 2x3 / (1, 2)", {2, 3, 5, 1}, 2, 3, 1, 2, true, {2, 3, 3, 1}},
};

Tensor pool(bool max, const Tensor& x, const PoolCase& c) {
  ops::Padding padding = c.same ? ops::Padding::same : ops::Padding::valid;
  return max ? ops::max_pool2d(x, {c.ph, c.pw}, {c.sh, c.sw}, padding)
             : ops::average_pool2d(x, {c.ph, c.pw}, {c.sh, c.sw}, padding);
}

}  // namespace

TEST_CASE("Pooling matches naive pooling with TensorFlow padding", "[ops][nn][pooling]") {
  unsigned seed = 30;
  for (const auto& c : kPoolCases) {
    for (bool max : {true, false}) {
      INFO((max ? "max " : "average ") << c.name);
      // All-negative inputs: a zero from the padding would win a max or drag an average.
      Tensor x = random_tensor(c.x, -2.0f, -0.5f, seed++);
      Tensor y = pool(max, x, c);
      Shape ref_shape;
      std::vector<double> expected = ref::pool2d(x, max, c.ph, c.pw, c.sh, c.sw, c.same, &ref_shape);
      REQUIRE(ref_shape == c.expected);
      REQUIRE(y.shape() == c.expected);
      check_close(y, expected, 1e-6, 1e-6);
    }
  }
}

TEST_CASE("Pooling at hand-derived points", "[ops][nn][pooling]") {
  // 3x3 image 1..9; 'same' 2x2 / 2 pads one row and column at the bottom/right only.
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  check_close(ops::max_pool2d(x, {2, 2}, {2, 2}, ops::Padding::same), {5, 6, 8, 9});
  check_close(ops::average_pool2d(x, {2, 2}, {2, 2}, ops::Padding::same), {3, 4.5, 7.5, 9});
  check_close(ops::average_pool2d(x, {2, 2}, {1, 1}, ops::Padding::valid), {3, 4, 6, 7});
  // Negated image: the padding is not a candidate for the maximum.
  check_close(ops::max_pool2d(ops::negative(x), {2, 2}, {2, 2}, ops::Padding::same), {-1, -3, -7, -9});
  check_close(ops::max_pool2d(x, {3, 3}, {1, 1}, ops::Padding::same), {5, 6, 6, 8, 9, 9, 8, 9, 9});
}

TEST_CASE("Pooling gradients match finite differences", "[ops][nn][pooling][grad]") {
  unsigned seed = 60;
  for (const auto& c : kPoolCases) {
    INFO(c.name);
    // Distinct values 0.1 apart, so the step never moves a window's maximum.
    Tensor x = ref::distinct_tensor(c.x, 0.1f, -2.0f, seed++);
    check_gradients([&](const std::vector<Tensor>& in) { return pool(true, in[0], c); }, {x});
    check_gradients([&](const std::vector<Tensor>& in) { return pool(false, in[0], c); }, {x});
  }
}

TEST_CASE("Pooling gradients are hand-derivable", "[ops][nn][pooling][grad]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  {
    // Overlapping 2x2 windows with stride 1: each maximum is its window's bottom-right element.
    autograd::GradientTape tape;
    tape.watch(x);
    auto g = tape.gradient(ops::max_pool2d(x, {2, 2}, {1, 1}, ops::Padding::valid), {x})[0];
    check_close(g, {0, 0, 0, 0, 1, 1, 0, 1, 1});
  }
  {
    // 'same' 3x3 / 1: 9 is the maximum of the four windows around it, 8 of two, 6 of two, 5 of one.
    autograd::GradientTape tape;
    tape.watch(x);
    auto g = tape.gradient(ops::max_pool2d(x, {3, 3}, {1, 1}, ops::Padding::same), {x})[0];
    check_close(g, {0, 0, 0, 0, 1, 2, 0, 2, 4});
  }
  {
    // Ties: the first maximum in window order takes the gradient (as TensorFlow).
    Tensor flat = Tensor::ones({1, 2, 2, 1});
    autograd::GradientTape tape;
    tape.watch(flat);
    auto g = tape.gradient(ops::max_pool2d(flat, {2, 2}, {2, 2}, ops::Padding::valid), {flat})[0];
    check_close(g, {1, 0, 0, 0});
  }
  {
    // 'same' average 2x2 / 2: each output divides by its in-bounds count (4, 2, 2, 1).
    autograd::GradientTape tape;
    tape.watch(x);
    auto g = tape.gradient(ops::average_pool2d(x, {2, 2}, {2, 2}, ops::Padding::same), {x})[0];
    check_close(g, {0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1});
  }
}

TEST_CASE("Pooling rejects bad windows and inputs", "[ops][nn][pooling][errors]") {
  REQUIRE_THROWS_AS(ops::max_pool2d(Tensor::zeros({1, 2, 2, 1}), {3, 3}, {1, 1}, ops::Padding::valid), ShapeError);
  REQUIRE_THROWS_WITH(ops::average_pool2d(Tensor::zeros({1, 2, 2, 1}), {3, 3}, {1, 1}, ops::Padding::valid),
                      Catch::Contains("average_pool2d") && Catch::Contains("(3, 3)") && Catch::Contains("(2, 2)"));
  REQUIRE_THROWS_WITH(ops::max_pool2d(Tensor::zeros({4, 4}), {2, 2}, {2, 2}, ops::Padding::valid),
                      Catch::Contains("4-D") && Catch::Contains("(4, 4)"));
  REQUIRE_THROWS_AS(ops::max_pool2d(Tensor::zeros({1, 4, 4, 1}), {2, 2}, {0, 2}, ops::Padding::valid), ValueError);
}
