// transpose, slice, concatenate, stack, pad, flip, expand_dims/squeeze, broadcast_to, where,
// take's gradient and batched matmul: values by hand and finite-difference gradients.

#include <catch2/catch.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

Tensor iota(const Shape& s) {
  std::vector<float> v(static_cast<std::size_t>(s.size()));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
  return tensor(v, s);
}

}  // namespace

TEST_CASE("transpose permutes axes", "[ops][array]") {
  Tensor x = iota({2, 3});
  check_close(ops::transpose(x), {0, 3, 1, 4, 2, 5});
  Tensor y = ops::transpose(iota({2, 3, 4}), {1, 2, 0});
  CHECK(y.shape() == Shape{3, 4, 2});
  // y[i, j, k] = x[k, i, j] = 12k + 4i + j
  std::vector<double> v = y.to_vector<double>();
  CHECK(v[(1 * 4 + 2) * 2 + 1] == 12 + 4 + 2);
  check_gradients([](const auto& in) { return ops::transpose(in[0], {2, 0, 1}); }, {random_tensor({2, 3, 4})});
  REQUIRE_THROWS_AS(ops::transpose(x, {0, 0}), ShapeError);
}

TEST_CASE("slice and slice_axis", "[ops][array]") {
  Tensor x = iota({3, 4});
  check_close(ops::slice(x, {1, 1}, {2, -1}), {5, 6, 7, 9, 10, 11});
  check_close(ops::slice_axis(x, 1, 2, 4), {2, 3, 6, 7, 10, 11});
  check_gradients([](const auto& in) { return ops::slice(in[0], {0, 1, 1}, {2, 2, -1}); }, {random_tensor({3, 4, 3})});
  REQUIRE_THROWS_WITH(ops::slice(x, {2, 0}, {2, 4}), Catch::Contains("out of range"));
}

TEST_CASE("concatenate and stack", "[ops][array]") {
  Tensor a = iota({2, 2}), b = iota({2, 1}) + 10.0f;
  check_close(ops::concatenate({a, b}, 1), {0, 1, 10, 2, 3, 11});
  check_close(ops::concatenate({a, a}, 0), {0, 1, 2, 3, 0, 1, 2, 3});
  Tensor s = ops::stack({a, a + 4.0f}, 1);
  CHECK(s.shape() == Shape{2, 2, 2});
  check_close(s, {0, 1, 4, 5, 2, 3, 6, 7});
  check_gradients([](const auto& in) { return ops::concatenate({in[0], in[1], in[0]}, -1); },
                  {random_tensor({2, 3, 2}), random_tensor({2, 3, 1}, -1, 1, 5)});
  check_gradients([](const auto& in) { return ops::stack({in[0], in[1]}, 0); },
                  {random_tensor({2, 3}), random_tensor({2, 3}, -1, 1, 6)});
  REQUIRE_THROWS_WITH(ops::concatenate({a, iota({3, 1})}, 1), Catch::Contains("do not match"));
}

TEST_CASE("pad, flip, expand_dims, squeeze", "[ops][array]") {
  Tensor x = iota({2, 2});
  check_close(ops::pad(x, {{1, 0}, {0, 1}}, -1.0f), {-1, -1, -1, 0, 1, -1, 2, 3, -1});
  check_close(ops::flip(x, 1), {1, 0, 3, 2});
  check_close(ops::flip(x, 0), {2, 3, 0, 1});
  CHECK(ops::expand_dims(x, -1).shape() == Shape{2, 2, 1});
  CHECK(ops::squeeze(ops::expand_dims(x, 0), 0).shape() == Shape{2, 2});
  check_gradients([](const auto& in) { return ops::pad(in[0], {{0, 2}, {1, 1}}); }, {random_tensor({2, 3})});
  check_gradients([](const auto& in) { return ops::flip(in[0], 1); }, {random_tensor({2, 3, 2})});
  REQUIRE_THROWS_AS(ops::squeeze(x, 0), ShapeError);
}

TEST_CASE("broadcast_to sums its gradient; where selects", "[ops][array]") {
  Tensor x = tensor({1, 2, 3}, {3});
  check_close(ops::broadcast_to(x, {2, 3}), {1, 2, 3, 1, 2, 3});
  check_gradients([](const auto& in) { return ops::broadcast_to(in[0], {4, 2, 3}); }, {random_tensor({2, 1})});
  Tensor c = tensor({1, 0, 1}, {3});
  check_close(ops::where(c, x, x * 10.0f), {1, 20, 3});
  check_gradients([&](const auto& in) { return ops::where(c, in[0], in[1]); }, {random_tensor({3}), random_tensor({3}, -1, 1, 9)});
  REQUIRE_THROWS_AS(ops::broadcast_to(x, {2, 2}), ShapeError);
}

TEST_CASE("take gathers rows and scatter-adds their gradient", "[ops][array]") {
  Tensor table = iota({4, 2});
  Tensor idx = Tensor::from_vector(std::vector<std::int32_t>{3, 0, 3}, Shape{3});
  check_close(ops::take(table, idx), {6, 7, 0, 1, 6, 7});
  // Row 3 is used twice: its gradient doubles; unused rows get none.
  check_gradients([&](const auto& in) { return ops::take(in[0], idx); }, {random_tensor({4, 2})});
  Tensor idx2 = Tensor::from_vector(std::vector<std::int64_t>{1, 2, 2, 0}, Shape{2, 2});
  CHECK(ops::take(table, idx2).shape() == Shape{2, 2, 2});
  check_gradients([&](const auto& in) { return ops::take(in[0], idx2); }, {random_tensor({4, 3})});
}

TEST_CASE("matmul handles batches and leading axes", "[ops][linalg]") {
  Tensor a = random_tensor({3, 2, 4}), b = random_tensor({3, 4, 5}, -1, 1, 4);
  Tensor c = ops::matmul(a, b);
  CHECK(c.shape() == Shape{3, 2, 5});
  for (std::int64_t i = 0; i < 3; ++i) {
    Tensor ref = ops::matmul(a.slice(i, i + 1).reshape({2, 4}), b.slice(i, i + 1).reshape({4, 5}));
    check_close(c.slice(i, i + 1).reshape({2, 5}), ref, 1e-5, 1e-5);
  }
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      INFO("ta=" << ta << " tb=" << tb);
      Shape sa = ta ? Shape{2, 3, 4, 2} : Shape{2, 3, 2, 4};
      Shape sb = tb ? Shape{2, 3, 5, 4} : Shape{2, 3, 4, 5};
      check_gradients([=](const auto& in) { return ops::matmul(in[0], in[1], ta, tb); },
                      {random_tensor(sa), random_tensor(sb, -1, 1, 8)});
    }
  }
  check_gradients([](const auto& in) { return ops::matmul(in[0], in[1]); }, {random_tensor({2, 3, 4}), random_tensor({4, 2}, -1, 1, 3)});
  REQUIRE_THROWS_WITH(ops::matmul(random_tensor({2, 2, 3}), random_tensor({3, 3, 2})), Catch::Contains("batch dimensions"));
}
