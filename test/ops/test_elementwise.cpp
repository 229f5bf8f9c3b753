// Arithmetic with numpy broadcasting and the math unary ops: values against a naive
// double-precision reference, gradients against finite differences.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
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

struct BinaryCase {
  std::string name;
  std::function<Tensor(const Tensor&, const Tensor&)> op;
  std::function<double(double, double)> ref;
  std::function<Tensor(const Shape&, unsigned)> make_a, make_b;
};

Tensor uniform(const Shape& s, unsigned seed) { return random_tensor(s, -1.0f, 1.0f, seed); }

// Multiples of 0.25 in [-1, 1] for a and the same grid shifted by 0.125 for b: a and b never
// tie and always differ by at least 0.125, far more than the finite-difference step.
Tensor grid_a(const Shape& s, unsigned seed) {
  std::vector<float> v = random_values(static_cast<std::size_t>(s.size()), -4.49f, 4.49f, seed);
  for (float& x : v) x = 0.25f * std::round(x);
  return Tensor::from_vector(v, s);
}
Tensor grid_b(const Shape& s, unsigned seed) { return ops::add(grid_a(s, seed), Tensor::scalar(0.125f)); }

std::vector<BinaryCase> binary_cases() {
  return {
      {"add", ops::add, [](double a, double b) { return a + b; }, uniform, uniform},
      {"subtract", ops::subtract, [](double a, double b) { return a - b; }, uniform, uniform},
      {"multiply", ops::multiply, [](double a, double b) { return a * b; }, uniform, uniform},
      {"divide", ops::divide, [](double a, double b) { return a / b; }, uniform,
       [](const Shape& s, unsigned seed) { return ref::signed_tensor(s, 0.5f, 1.5f, seed); }},
      {"maximum", ops::maximum, [](double a, double b) { return std::max(a, b); }, grid_a, grid_b},
      {"minimum", ops::minimum, [](double a, double b) { return std::min(a, b); }, grid_a, grid_b},
      {"power", ops::power, [](double a, double b) { return std::pow(a, b); },
       [](const Shape& s, unsigned seed) { return random_tensor(s, 0.5f, 2.0f, seed); },
       [](const Shape& s, unsigned seed) { return random_tensor(s, -1.5f, 2.0f, seed); }},
  };
}

struct ShapeCase {
  Shape a, b, out;
};

// Equal shapes, a trailing vector, a column against a row, a scalar on either side, a rank
// difference with broadcasting on both sides, and a non-contiguous set of broadcast axes.
const std::vector<ShapeCase> kShapes = {
    {{2, 3}, {2, 3}, {2, 3}},       {{2, 3}, {3}, {2, 3}},       {{2, 1}, {1, 4}, {2, 4}},
    {{}, {2, 3}, {2, 3}},           {{2, 3}, {}, {2, 3}},        {{4, 1, 3}, {2, 3}, {4, 2, 3}},
    {{1, 3, 1}, {2, 3, 4}, {2, 3, 4}},
};

std::string describe(const std::string& op, const ShapeCase& c) {
  return op + " " + c.a.to_string() + " with " + c.b.to_string();
}

}  // namespace

TEST_CASE("Binary ops broadcast like numpy and match a naive reference", "[ops][elementwise]") {
  unsigned seed = 10;
  for (const auto& op : binary_cases()) {
    for (const auto& c : kShapes) {
      INFO(describe(op.name, c));
      Tensor a = op.make_a(c.a, seed++), b = op.make_b(c.b, seed++);
      Tensor out = op.op(a, b);
      REQUIRE(out.shape() == c.out);
      CHECK(out.dtype() == float32);
      check_close(out, ref::broadcast_apply(a, b, c.out, op.ref), 1e-6, 1e-5);
    }
  }
}

TEST_CASE("Binary op gradients match finite differences, summed over broadcast axes", "[ops][elementwise][grad]") {
  unsigned seed = 100;
  for (const auto& op : binary_cases()) {
    for (const auto& c : kShapes) {
      INFO(describe(op.name, c));
      check_gradients([&](const std::vector<Tensor>& in) { return op.op(in[0], in[1]); },
                      {op.make_a(c.a, seed), op.make_b(c.b, seed + 1)});
      seed += 2;
    }
  }
}

TEST_CASE("Broadcast gradients are hand-derivable sums", "[ops][elementwise][grad]") {
  Tensor a = tensor({1, 2, 3, 4, 5, 6}, {2, 3}), b = tensor({10, 20, 30}, {3});
  autograd::GradientTape tape;
  tape.watch(a);
  tape.watch(b);
  // d/db sum(a * b) = column sums of a: [1+4, 2+5, 3+6]; d/da = b repeated per row.
  auto g = tape.gradient(ops::multiply(a, b), {a, b});
  check_close(g[0], {10, 20, 30, 10, 20, 30});
  REQUIRE(g[1].shape() == Shape{3});
  check_close(g[1], {5, 7, 9});
}

TEST_CASE("Ties in maximum and minimum send the gradient to the first operand", "[ops][elementwise][grad]") {
  // tf.maximum's gradient uses x >= y (and tf.minimum x <= y): ties go to x.
  Tensor a = tensor({1, 2, 3}, {3}), b = tensor({1, 5, 0}, {3});
  for (bool is_max : {true, false}) {
    autograd::GradientTape tape;
    tape.watch(a);
    tape.watch(b);
    auto g = tape.gradient(is_max ? ops::maximum(a, b) : ops::minimum(a, b), {a, b});
    check_close(g[0], is_max ? std::vector<double>{1, 0, 1} : std::vector<double>{1, 1, 0});
    check_close(g[1], is_max ? std::vector<double>{0, 1, 0} : std::vector<double>{0, 0, 1});
  }
}

TEST_CASE("Comparisons give 0/1 and are not differentiable", "[ops][elementwise]") {
  Tensor a = tensor({1, 2, 3}, {3}), b = tensor({2, 2, 2}, {3});
  check_close(ops::equal(a, b), {0, 1, 0});
  check_close(ops::greater(a, b), {0, 0, 1});
  check_close(ops::less(a, b), {1, 0, 0});
  autograd::GradientTape tape;
  tape.watch(a);
  auto g = tape.gradient(ops::greater(a, b), {a});
  CHECK_FALSE(g[0].defined());
}

TEST_CASE("Tensor operators and integer promotion", "[ops][elementwise]") {
  Tensor x = tensor({1, 2, 4}, {3});
  check_close(x + 1.0f, {2, 3, 5});
  check_close(1.0f - x, {0, -1, -3});
  check_close(x * 3.0f, {3, 6, 12});
  check_close(2.0f / x, {2, 1, 0.5});
  check_close(x / 2.0f, {0.5, 1, 2});
  check_close(-x, {-1, -2, -4});
  check_close(x - x * x, {0, -2, -12});
  Tensor i = Tensor::from_vector(std::vector<std::int32_t>{1, 2, 3}, {3});
  Tensor sum = ops::add(i, tensor({0.5f, 0.5f, 0.5f}, {3}));
  CHECK(sum.dtype() == float32);
  check_close(sum, {1.5, 2.5, 3.5});
  CHECK(ops::negative(Tensor::from_vector(std::vector<std::uint8_t>{200}, {1})).item() == -200.0);
}

TEST_CASE("Incompatible shapes throw ShapeError naming both", "[ops][elementwise][errors]") {
  Tensor a = Tensor::zeros({2, 3}), b = Tensor::zeros({4});
  REQUIRE_THROWS_AS(ops::add(a, b), ShapeError);
  REQUIRE_THROWS_WITH(ops::multiply(a, b), Catch::Contains("(2, 3)") && Catch::Contains("(4,)"));
  REQUIRE_THROWS_WITH(ops::maximum(Tensor::zeros({3, 2}), Tensor::zeros({2, 3})),
                      Catch::Contains("(3, 2)") && Catch::Contains("(2, 3)"));
  REQUIRE_THROWS_AS(ops::clip(a, 1.0f, -1.0f), ValueError);
  REQUIRE_THROWS_WITH(ops::clip(a, 1.0f, -1.0f), Catch::Contains("min_value") && Catch::Contains("max_value"));
}

namespace {

struct UnaryCase {
  std::string name;
  std::function<Tensor(const Tensor&)> op;
  std::function<double(double)> ref;
  std::vector<float> inputs;  // away from kinks and outside-of-domain points
};

const std::vector<float> kAwayFromZero = {-2.3f, -1.1f, -0.6f, -0.15f, 0.2f, 0.45f, 0.9f, 1.7f, 2.6f};

std::vector<UnaryCase> unary_cases() {
  return {
      {"negative", ops::negative, [](double x) { return -x; }, kAwayFromZero},
      {"abs", ops::abs, [](double x) { return std::fabs(x); }, kAwayFromZero},
      {"square", ops::square, [](double x) { return x * x; }, kAwayFromZero},
      {"sqrt", ops::sqrt, [](double x) { return std::sqrt(x); }, {0.3f, 0.5f, 1.0f, 2.25f, 4.0f, 7.5f}},
      {"exp", ops::exp, [](double x) { return std::exp(x); }, kAwayFromZero},
      {"log", ops::log, [](double x) { return std::log(x); }, {0.3f, 0.5f, 1.0f, 2.25f, 4.0f, 7.5f}},
      {"clip", [](const Tensor& x) { return ops::clip(x, -0.5f, 1.0f); },
       [](double x) { return std::min(std::max(x, -0.5), 1.0); }, kAwayFromZero},
  };
}

}  // namespace

TEST_CASE("Math unary ops match their definitions", "[ops][elementwise]") {
  for (const auto& c : unary_cases()) {
    INFO(c.name);
    Tensor x = tensor(c.inputs, {static_cast<std::int64_t>(c.inputs.size())});
    std::vector<double> expected;
    for (float v : c.inputs) expected.push_back(c.ref(v));
    check_close(c.op(x), expected, 1e-6, 1e-6);
  }
  // Hand-derived points, including the edges of each domain.
  check_close(ops::abs(tensor({-3, 0, 2.5f}, {3})), {3, 0, 2.5});
  check_close(ops::sqrt(tensor({0, 4, 0.25f}, {3})), {0, 2, 0.5});
  check_close(ops::log(tensor({1, static_cast<float>(M_E)}, {2})), {0, 1});
  CHECK(std::isinf(ops::log(Tensor::zeros({1})).item()));
  check_close(ops::exp(tensor({0, 1}, {2})), {1, M_E});
  check_close(ops::sign(tensor({-2, 0, 0.1f}, {3})), {-1, 0, 1});
  check_close(ops::clip(tensor({-3, 0.25f, 5}, {3}), -1, 2), {-1, 0.25, 2});
}

TEST_CASE("Math unary op gradients match finite differences", "[ops][elementwise][grad]") {
  for (const auto& c : unary_cases()) {
    INFO(c.name);
    Tensor x = tensor(c.inputs, {static_cast<std::int64_t>(c.inputs.size())});
    check_gradients([&](const std::vector<Tensor>& in) { return c.op(in[0]); }, {x});
  }
  // Outside [min, max] clip passes no gradient (tf.clip_by_value); sign has none anywhere.
  Tensor x = tensor({-3, 0.5f, 4}, {3});
  autograd::GradientTape tape;
  tape.watch(x);
  Tensor y = ops::add(ops::clip(x, -1, 1), ops::sign(x));
  check_close(tape.gradient(y, {x})[0], {0, 1, 0});
}
