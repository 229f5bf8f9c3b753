// reshape, take, cast and one_hot: values, gradients (reshape is the only differentiable one)
// and errors.

#include <catch2/catch.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

TEST_CASE("reshape keeps row-major order and passes gradients back in the input's shape", "[ops][shape]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor y = ops::reshape(x, {3, -1});
  REQUIRE(y.shape() == Shape{3, 2});
  check_close(y, {1, 2, 3, 4, 5, 6});
  CHECK(y.shares_memory_with(x));
  check_gradients([](const std::vector<Tensor>& in) { return ops::reshape(in[0], {3, 2}); }, {x});
  check_gradients([](const std::vector<Tensor>& in) { return ops::square(ops::reshape(in[0], {1, 6, 1})); }, {x});
  autograd::GradientTape tape;
  tape.watch(x);
  Tensor g = tape.gradient(ops::multiply(ops::reshape(x, {6}), tensor({1, 2, 3, 4, 5, 6}, {6})), {x})[0];
  REQUIRE(g.shape() == Shape{2, 3});
  check_close(g, {1, 2, 3, 4, 5, 6});
  REQUIRE_THROWS_WITH(ops::reshape(x, {4}), Catch::Contains("(2, 3)") && Catch::Contains("(4,)"));
}

TEST_CASE("take gathers rows along axis 0 for any index dtype and shape", "[ops][shape]") {
  Tensor x = tensor({0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}, {4, 3});
  Tensor rows = ops::take(x, Tensor::from_vector(std::vector<std::int32_t>{3, 0, 3}, {3}));
  REQUIRE(rows.shape() == Shape{3, 3});
  check_close(rows, {30, 31, 32, 0, 1, 2, 30, 31, 32});
  Tensor grid = ops::take(x, Tensor::from_vector(std::vector<std::int64_t>{1, 2, 2, 0}, {2, 2}));
  REQUIRE(grid.shape() == Shape{2, 2, 3});
  check_close(grid, {10, 11, 12, 20, 21, 22, 20, 21, 22, 0, 1, 2});
  // An embedding-style lookup of a vector gives scalars; the data dtype is preserved.
  Tensor bytes = Tensor::from_vector(std::vector<std::uint8_t>{5, 6, 7}, {3});
  Tensor picked = ops::take(bytes, Tensor::from_vector(std::vector<std::uint8_t>{2, 0}, {2}));
  CHECK(picked.dtype() == uint8);
  CHECK(picked.to_vector<std::uint8_t>() == std::vector<std::uint8_t>{7, 5});
}

TEST_CASE("take rejects out-of-range indices and scalars", "[ops][shape][errors]") {
  Tensor x = Tensor::zeros({4, 3});
  REQUIRE_THROWS_AS(ops::take(x, Tensor::from_vector(std::vector<std::int64_t>{0, 4}, {2})), ValueError);
  REQUIRE_THROWS_WITH(ops::take(x, Tensor::from_vector(std::vector<std::int64_t>{0, 4}, {2})),
                      Catch::Contains("Index 4") && Catch::Contains("size 4"));
  REQUIRE_THROWS_WITH(ops::take(x, Tensor::from_vector(std::vector<std::int32_t>{-1}, {1})),
                      Catch::Contains("Index -1"));
  REQUIRE_THROWS_AS(ops::take(Tensor::scalar(1), Tensor::zeros({1}, int64)), ShapeError);
}

TEST_CASE("cast converts like numpy astype and is a no-op for the same dtype", "[ops][shape]") {
  Tensor x = tensor({-2.7f, -0.5f, 0, 1.5f, 2.7f, 100}, {6});
  Tensor i = ops::cast(x, int32);
  CHECK(i.dtype() == int32);
  CHECK(i.to_vector<std::int32_t>() == std::vector<std::int32_t>{-2, 0, 0, 1, 2, 100});  // truncation toward 0
  Tensor d = ops::cast(x, float64);
  CHECK(d.to_vector<double>()[3] == 1.5);
  CHECK(ops::cast(Tensor::from_vector(std::vector<std::uint8_t>{0, 255}, {2}), float32).to_vector<float>() ==
        std::vector<float>{0, 255});
  Tensor same = ops::cast(x, float32);
  CHECK(same.shares_memory_with(x));
  CHECK_FALSE(i.shares_memory_with(x));
}

TEST_CASE("one_hot appends a float32 class axis", "[ops][shape]") {
  Tensor y = ops::one_hot(Tensor::from_vector(std::vector<std::int64_t>{2, 0, 1}, {3}), 3);
  CHECK(y.dtype() == float32);
  REQUIRE(y.shape() == Shape{3, 3});
  check_close(y, {0, 0, 1, 1, 0, 0, 0, 1, 0});
  Tensor grid = ops::one_hot(Tensor::from_vector(std::vector<std::int32_t>{1, 0, 0, 3}, {2, 2}), 4);
  REQUIRE(grid.shape() == Shape{2, 2, 4});
  check_close(grid, {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1});
  check_close(ops::one_hot(tensor({1, 0}, {2}), 2), {0, 1, 1, 0});  // integral float labels
  check_close(ops::one_hot(Tensor::from_vector(std::vector<std::uint8_t>{1}, {1}), 2), {0, 1});
}

TEST_CASE("one_hot rejects bad labels and depths", "[ops][shape][errors]") {
  auto labels = [](std::vector<std::int64_t> v) {
    auto n = static_cast<std::int64_t>(v.size());
    return Tensor::from_vector(v, {n});
  };
  REQUIRE_THROWS_AS(ops::one_hot(labels({0, 3}), 3), ValueError);
  REQUIRE_THROWS_WITH(ops::one_hot(labels({0, 3}), 3), Catch::Contains("Label 3") && Catch::Contains("3 classes"));
  REQUIRE_THROWS_WITH(ops::one_hot(labels({-1}), 3), Catch::Contains("Label -1"));
  REQUIRE_THROWS_WITH(ops::one_hot(tensor({0.5f}, {1}), 3), Catch::Contains("integers") && Catch::Contains("0.5"));
  REQUIRE_THROWS_WITH(ops::one_hot(labels({0}), 0), Catch::Contains("depth") && Catch::Contains("0"));
}
