// Tensor: construction, views (reshape, slice) sharing memory, conversions, element access,
// text forms, and the errors of each.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "libkeras/tensor/tensor.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

TEST_CASE("Factories fill, and undefined tensors say so", "[tensor]") {
  Tensor z = Tensor::zeros({2, 3});
  CHECK(z.shape() == Shape{2, 3});
  CHECK(z.rank() == 2);
  CHECK(z.size() == 6);
  CHECK(z.dtype() == float32);
  CHECK(z.device() == kCpu);
  CHECK(z.nbytes() == 24);
  check_close(z, std::vector<double>(6, 0.0), 0, 0);
  check_close(Tensor::ones({4}, int64), std::vector<double>(4, 1.0), 0, 0);
  Tensor f = Tensor::full({2}, 2.5, float64);
  CHECK(f.dtype() == float64);
  CHECK(f.nbytes() == 16);
  check_close(f, {2.5, 2.5}, 0, 0);
  Tensor s = Tensor::scalar(7.0f);
  CHECK(s.rank() == 0);
  CHECK(s.size() == 1);
  CHECK(s.item() == 7.0);
  CHECK(Tensor::zeros({0, 3}).size() == 0);
  Tensor undefined;
  CHECK_FALSE(undefined.defined());
  REQUIRE_THROWS_WITH(undefined.shape(), Catch::Contains("undefined tensor"));
  CHECK(undefined.to_string() == "<undefined tensor>");
  REQUIRE_THROWS_AS(Tensor(Shape{-1, 3}), ShapeError);
  REQUIRE_THROWS_WITH(Tensor(Shape{-1, 3}), Catch::Contains("(None, 3)"));
}

TEST_CASE("from_vector copies values and checks their count", "[tensor]") {
  std::vector<std::int32_t> v{1, 2, 3, 4};
  Tensor t = Tensor::from_vector(v, {2, 2});
  CHECK(t.dtype() == int32);
  v[0] = 100;  // a copy: the tensor does not alias the vector
  CHECK(t.to_vector<std::int32_t>() == std::vector<std::int32_t>{1, 2, 3, 4});
  REQUIRE_THROWS_AS(Tensor::from_vector(std::vector<float>{1, 2, 3}, {2, 2}), ShapeError);
  REQUIRE_THROWS_WITH(Tensor::from_vector(std::vector<float>{1, 2, 3}, {2, 2}),
                      Catch::Contains("3 values") && Catch::Contains("(2, 2)"));
  CHECK(Tensor::from_vector(std::vector<float>{}, {0}).size() == 0);
}

TEST_CASE("data<T>() checks the element type", "[tensor]") {
  Tensor t = Tensor::zeros({2}, int64);
  t.data<std::int64_t>()[1] = 5;
  CHECK(t.to_vector<std::int64_t>()[1] == 5);
  REQUIRE_THROWS_AS(t.data<float>(), ValueError);
  REQUIRE_THROWS_WITH(t.data<float>(), Catch::Contains("int64") && Catch::Contains("float32"));
}

TEST_CASE("reshape gives a view sharing memory, inferring one -1", "[tensor][reshape]") {
  Tensor t = tensor({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, {2, 3, 4});
  Tensor r = t.reshape({6, 4});
  CHECK(r.shape() == Shape{6, 4});
  CHECK(r.shares_memory_with(t));
  r.data<float>()[5] = -1.0f;
  CHECK(t.to_vector<float>()[5] == -1.0f);  // writes through the view
  CHECK(t.shape() == Shape{2, 3, 4});       // the original keeps its shape
  CHECK(t.reshape({-1, 4}).shape() == Shape{6, 4});
  CHECK(t.reshape({2, -1}).shape() == Shape{2, 12});
  CHECK(t.reshape({-1}).shape() == Shape{24});
  CHECK(t.reshape({1, -1, 1}).shape() == Shape{1, 24, 1});
  CHECK(Tensor::scalar(3).reshape({1, 1}).item() == 3.0);
  CHECK(t.reshape({4, 6}).id() != t.id());  // a new handle on the same storage
}

TEST_CASE("reshape errors name the shapes", "[tensor][reshape][errors]") {
  Tensor t = Tensor::zeros({2, 3, 4});
  REQUIRE_THROWS_AS(t.reshape({5, 5}), ShapeError);
  REQUIRE_THROWS_WITH(t.reshape({5, 5}), Catch::Contains("(2, 3, 4)") && Catch::Contains("(5, 5)"));
  REQUIRE_THROWS_WITH(t.reshape({-1, 5}), Catch::Contains("(2, 3, 4)") && Catch::Contains("(None, 5)"));
  REQUIRE_THROWS_WITH(t.reshape({-1, -1}), Catch::Contains("only one dimension may be -1"));
  REQUIRE_THROWS_AS(t.reshape({-2, -12}), ShapeError);
  REQUIRE_THROWS_AS(t.reshape({0, -1}), ShapeError);
}

TEST_CASE("slice gives a row view, composable with reshape and slice", "[tensor][slice]") {
  Tensor t = tensor({0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}, {4, 3});
  Tensor s = t.slice(1, 3);
  CHECK(s.shape() == Shape{2, 3});
  check_close(s, {10, 11, 12, 20, 21, 22}, 0, 0);
  CHECK(s.shares_memory_with(t));
  s.data<float>()[0] = -5.0f;
  CHECK(t.to_vector<float>()[3] == -5.0f);
  check_close(s.slice(1, 2), {20, 21, 22}, 0, 0);  // offsets add up
  check_close(s.reshape({3, 2}).slice(2, 3), {21, 22}, 0, 0);
  CHECK(t.slice(2, 2).size() == 0);
  check_close(s.clone(), {-5, 11, 12, 20, 21, 22}, 0, 0);  // clone copies only the view's rows
  REQUIRE_THROWS_AS(t.slice(2, 5), ShapeError);
  REQUIRE_THROWS_WITH(t.slice(3, 2), Catch::Contains("[3, 2)") && Catch::Contains("(4, 3)"));
  REQUIRE_THROWS_AS(t.slice(-1, 1), ShapeError);
  REQUIRE_THROWS_AS(Tensor::scalar(1).slice(0, 1), ShapeError);
}

TEST_CASE("astype and clone make independent converted copies", "[tensor][astype]") {
  Tensor f = tensor({-1.75f, 0.5f, 2.99f, 255}, {4});
  Tensor i = f.astype(int32);
  CHECK(i.dtype() == int32);
  CHECK(i.to_vector<std::int32_t>() == std::vector<std::int32_t>{-1, 0, 2, 255});
  CHECK_FALSE(i.shares_memory_with(f));
  CHECK(tensor({255, 3.5f}, {2}).astype(uint8).to_vector<std::uint8_t>() == std::vector<std::uint8_t>{255, 3});
  CHECK(f.astype(float64).to_vector<double>() == std::vector<double>{-1.75, 0.5, 2.99f, 255});
  CHECK(i.astype(float32).to_vector<float>() == std::vector<float>{-1, 0, 2, 255});
  Tensor c = f.clone();
  CHECK_FALSE(c.shares_memory_with(f));
  c.data<float>()[0] = 9.0f;
  CHECK(f.to_vector<float>()[0] == -1.75f);
  Tensor same = f.astype(float32);
  CHECK_FALSE(same.shares_memory_with(f));  // astype always copies (numpy's default)
}

TEST_CASE("assign and fill overwrite in place", "[tensor]") {
  Tensor t = Tensor::zeros({2, 2});
  Tensor view = t.reshape({4});
  t.assign(Tensor::from_vector(std::vector<std::int64_t>{1, 2, 3, 4}, {2, 2}));
  check_close(view, {1, 2, 3, 4}, 0, 0);
  view.fill(6.0);
  check_close(t, {6, 6, 6, 6}, 0, 0);
  REQUIRE_THROWS_WITH(t.assign(Tensor::zeros({4})), Catch::Contains("(4,)") && Catch::Contains("(2, 2)"));
}

TEST_CASE("item() reads one-element tensors only", "[tensor]") {
  CHECK(Tensor::scalar(2.5f).item() == 2.5);
  CHECK(tensor({-4}, {1, 1}).item() == -4.0);
  CHECK(Tensor::from_vector(std::vector<std::uint8_t>{200}, {1}).item() == 200.0);
  REQUIRE_THROWS_AS(Tensor::zeros({2}).item(), ShapeError);
  REQUIRE_THROWS_WITH(Tensor::zeros({2}).item(), Catch::Contains("(2,)"));
  REQUIRE_THROWS_AS(Tensor::zeros({0}).item(), ShapeError);
}

TEST_CASE("to_string writes numpy-like nested lists", "[tensor]") {
  CHECK(tensor({1, 2, 3, 4}, {2, 2}).to_string() == "[[1, 2], [3, 4]]");
  CHECK(tensor({1.5f, -0.25f}, {2}).to_string() == "[1.5, -0.25]");
  CHECK(Tensor::from_vector(std::vector<std::int64_t>{7, -8}, {2, 1}).to_string() == "[[7], [-8]]");
  CHECK(Tensor::scalar(5).to_string() == "5");
  CHECK(Tensor::zeros({0}).to_string() == "[]");
  CHECK(Tensor::zeros({2, 0}).to_string() == "[[], []]");
  CHECK(tensor({1.0f / 3.0f}, {1}).to_string() == "[0.3333333]");
  std::ostringstream os;
  os << tensor({1, 2}, {2});
  CHECK(os.str() == "Tensor(2,) float32 [1, 2]");
}
