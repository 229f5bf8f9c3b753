// GradientTape semantics: accumulation over several uses, long chains without recursion,
// NoGradGuard, single use, untracked sources and nested tapes.

#include <catch2/catch.hpp>
#include <cmath>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;
using autograd::GradientTape;
using autograd::NoGradGuard;

TEST_CASE("A tensor used several times gets the sum of its gradients", "[autograd][tape]") {
  Tensor x = tensor({1, 2, -3}, {3});
  {
    GradientTape tape;
    tape.watch(x);
    // d/dx (x * x + x) = 2x + 1
    check_close(tape.gradient(ops::add(ops::multiply(x, x), x), {x})[0], {3, 5, -5});
  }
  {
    GradientTape tape;
    tape.watch(x);
    // Both operands of one op are x: d/dx (x + x) = 2 (add hands the same gradient to each).
    check_close(tape.gradient(ops::add(x, x), {x})[0], {2, 2, 2});
  }
  {
    GradientTape tape;
    tape.watch(x);
    // A diamond: y feeds two branches that meet again. d/dx (y * 2 + exp(y)), y = 3x.
    Tensor y = x * 3.0f;
    Tensor z = ops::add(y * 2.0f, ops::exp(y));
    std::vector<double> expected;
    for (double v : {1.0, 2.0, -3.0}) expected.push_back(3.0 * (2.0 + std::exp(3.0 * v)));
    check_close(tape.gradient(z, {x})[0], expected, 1e-4, 1e-5);
  }
}

TEST_CASE("A 10000-op chain backpropagates without recursion", "[autograd][tape]") {
  Tensor x = tensor({1, -2}, {2});
  GradientTape tape;
  tape.watch(x);
  Tensor y = x;
  for (int i = 0; i < 10000; ++i) y = y * 1.0001f;
  // y = x * 1.0001^10000 = x * 2.71814...; each step rounds to float, hence rtol 1e-3.
  const double factor = std::pow(1.0001, 10000);
  check_close(y, {factor, -2 * factor}, 0, 1e-3);
  check_close(tape.gradient(y, {x})[0], {factor, factor}, 0, 1e-3);
}

TEST_CASE("Gradients of intermediate tensors and several sources", "[autograd][tape]") {
  Tensor a = tensor({2}, {1}), b = tensor({5}, {1});
  GradientTape tape;
  tape.watch(a);
  tape.watch(b);
  Tensor c = ops::multiply(a, b);        // 10
  Tensor d = ops::add(ops::square(c), a);  // c^2 + a
  auto g = tape.gradient(d, {a, b, c});
  check_close(g[0], {2 * 10 * 5 + 1});  // 2c * b + 1
  check_close(g[1], {2 * 10 * 2});      // 2c * a
  check_close(g[2], {2 * 10});          // 2c
}

TEST_CASE("NoGradGuard stops recording and restores it", "[autograd][tape]") {
  Tensor x = tensor({3}, {1});
  GradientTape tape;
  tape.watch(x);
  CHECK(GradientTape::active() == &tape);
  Tensor hidden;
  {
    NoGradGuard no_grad;
    CHECK(GradientTape::active() == nullptr);
    {
      NoGradGuard nested;
    }
    CHECK(GradientTape::active() == nullptr);  // the inner guard restored "paused"
    hidden = ops::square(x);
  }
  CHECK(GradientTape::active() == &tape);
  Tensor seen = ops::multiply(x, tensor({4}, {1}));
  auto g = tape.gradient(ops::add(hidden, seen), {x});
  check_close(g[0], {4});  // only the recorded branch
}

TEST_CASE("gradient() can be called once per tape", "[autograd][tape][errors]") {
  Tensor x = tensor({1}, {1});
  GradientTape tape;
  tape.watch(x);
  Tensor y = ops::square(x);
  tape.gradient(y, {x});
  REQUIRE_THROWS_AS(tape.gradient(y, {x}), ValueError);
  REQUIRE_THROWS_WITH(tape.gradient(y, {x}), Catch::Contains("once"));
  REQUIRE_THROWS_AS(tape.watch(Tensor()), ValueError);
}

TEST_CASE("Untracked or unconnected sources get undefined gradients", "[autograd][tape]") {
  Tensor x = tensor({1, 2}, {2}), unwatched = tensor({3, 4}, {2}), unused = tensor({5}, {1});
  GradientTape tape;
  tape.watch(x);
  tape.watch(unused);
  Tensor y = ops::multiply(x, unwatched);
  auto g = tape.gradient(y, {x, unwatched, unused, Tensor()});
  REQUIRE(g.size() == 4);
  check_close(g[0], {3, 4});
  CHECK_FALSE(g[1].defined());
  CHECK_FALSE(g[2].defined());
  CHECK_FALSE(g[3].defined());
  // A target the tape never saw (computed from untracked tensors only).
  GradientTape other;
  other.watch(x);
  CHECK_FALSE(other.gradient(ops::square(unwatched), {x})[0].defined());
}

TEST_CASE("A watched target is its own gradient source", "[autograd][tape]") {
  Tensor x = tensor({1, 2}, {1, 2});
  GradientTape tape;
  tape.watch(x);
  check_close(tape.gradient(x, {x})[0], {1, 1});
}

TEST_CASE("Views created by ops::reshape stay on the tape", "[autograd][tape]") {
  Tensor x = tensor({1, 2, 3, 4}, {2, 2});
  GradientTape tape;
  tape.watch(x);
  Tensor y = ops::sum(ops::multiply(ops::reshape(x, {4}), tensor({1, 10, 100, 1000}, {4})));
  Tensor g = tape.gradient(y, {x})[0];
  REQUIRE(g.shape() == Shape{2, 2});
  check_close(g, {1, 10, 100, 1000});
}

TEST_CASE("Nested tapes each record the ops on the tensors they watch", "[autograd][tape]") {
  Tensor x = tensor({3}, {1}), w = tensor({2}, {1});
  GradientTape outer;
  outer.watch(x);
  Tensor y;
  {
    GradientTape inner;
    inner.watch(x);
    inner.watch(w);
    CHECK(GradientTape::active() == &inner);
    CHECK(inner.enclosing() == &outer);
    y = ops::multiply(ops::square(x), w);  // w x^2, recorded by both tapes
    auto g = inner.gradient(y, {x, w});
    check_close(g[0], {12});  // 2 w x
    check_close(g[1], {9});   // x^2
  }
  CHECK(GradientTape::active() == &outer);
  Tensor z = y * 5.0f;
  auto g = outer.gradient(z, {x, w});
  check_close(g[0], {60});  // 5 * 2 w x
  CHECK_FALSE(g[1].defined());  // w was watched only by the inner tape
}

TEST_CASE("An inner tape's gradient computation is not recorded by the outer tape", "[autograd][tape]") {
  Tensor x = tensor({3}, {1});
  GradientTape outer;
  outer.watch(x);
  Tensor dx;
  {
    GradientTape inner;
    inner.watch(x);
    dx = inner.gradient(ops::square(x), {x})[0];  // 2x, computed with recording paused
  }
  check_close(dx, {6});
  // Only the first-order op is on the outer tape: d/dx (x^2) = 2x; dx itself is a constant.
  auto g = outer.gradient(ops::add(ops::square(x), dx), {x, dx});
  check_close(g[0], {6});
  CHECK_FALSE(g[1].defined());
}
