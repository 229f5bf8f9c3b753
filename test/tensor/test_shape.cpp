// Shape, broadcasting of shapes, axis normalisation and dtype names.

#include <catch2/catch.hpp>

#include "libkeras/tensor/dtype.h"
#include "libkeras/tensor/shape.h"
#include "libkeras/tensor/tensor.h"
#include "libkeras/utils/error.h"

using namespace keras;

TEST_CASE("Shape::to_string spells Python tuples as Keras prints them", "[tensor][shape]") {
  CHECK(Shape{-1, 26, 26, 32}.to_string() == "(None, 26, 26, 32)");
  CHECK(Shape{10}.to_string() == "(10,)");
  CHECK(Shape{}.to_string() == "()");
  CHECK(Shape{-1}.to_string() == "(None,)");
  CHECK(Shape{3, 0}.to_string() == "(3, 0)");
}

TEST_CASE("Shape sizes, dims and the batch axis", "[tensor][shape]") {
  CHECK(Shape{}.size() == 1);
  CHECK(Shape{2, 3, 4}.size() == 24);
  CHECK(Shape{2, 0, 4}.size() == 0);
  CHECK(Shape{-1, 3}.size() == -1);
  CHECK(Shape{2, 3}.fully_defined());
  CHECK_FALSE(Shape{-1, 3}.fully_defined());
  Shape s{5, 6, 7};
  CHECK(s.rank() == 3);
  CHECK(s.dim(0) == 5);
  CHECK(s.dim(-1) == 7);
  CHECK(s.dim(-3) == 5);
  REQUIRE_THROWS_AS(s.dim(3), ValueError);
  REQUIRE_THROWS_AS(s.dim(-4), ValueError);
  CHECK(s.without_batch() == Shape{6, 7});
  CHECK(Shape{6, 7}.with_batch(-1) == Shape{-1, 6, 7});
  REQUIRE_THROWS_AS(Shape{}.without_batch(), ShapeError);
  CHECK(Shape{1, 2} != Shape{2, 1});
  CHECK(Shape(std::vector<std::int64_t>{4, 5}) == Shape{4, 5});
}

TEST_CASE("normalize_axis accepts Python-style negative axes", "[tensor][shape]") {
  CHECK(normalize_axis(-1, 4) == 3);
  CHECK(normalize_axis(0, 4) == 0);
  CHECK(normalize_axis(-4, 4) == 0);
  REQUIRE_THROWS_AS(normalize_axis(4, 4), ValueError);
  REQUIRE_THROWS_WITH(normalize_axis(-5, 4, "softmax axis"),
                      Catch::Contains("softmax axis") && Catch::Contains("-5") && Catch::Contains("rank 4"));
  REQUIRE_THROWS_AS(normalize_axis(0, 0), ValueError);
}

TEST_CASE("broadcast_shapes follows numpy", "[tensor][shape][broadcast]") {
  CHECK(broadcast_shapes({2, 3}, {3}) == Shape{2, 3});
  CHECK(broadcast_shapes({3}, {2, 3}) == Shape{2, 3});
  CHECK(broadcast_shapes({2, 1}, {1, 4}) == Shape{2, 4});
  CHECK(broadcast_shapes({}, {5}) == Shape{5});
  CHECK(broadcast_shapes({}, {}) == Shape{});
  CHECK(broadcast_shapes({4, 1, 3}, {2, 3}) == Shape{4, 2, 3});
  CHECK(broadcast_shapes({1, 3, 1}, {2, 1, 4}) == Shape{2, 3, 4});
  CHECK(broadcast_shapes({0, 3}, {1, 3}) == Shape{0, 3});  // a zero-size dimension broadcasts like any other
  CHECK(broadcast_shapes({5, 1}, {1}) == Shape{5, 1});
}

TEST_CASE("broadcast_shapes errors name both shapes", "[tensor][shape][broadcast][errors]") {
  REQUIRE_THROWS_AS(broadcast_shapes({2, 3}, {4}), ShapeError);
  REQUIRE_THROWS_WITH(broadcast_shapes({2, 3}, {4}), Catch::Contains("(2, 3)") && Catch::Contains("(4,)"));
  REQUIRE_THROWS_WITH(broadcast_shapes({3, 2}, {2, 3}), Catch::Contains("(3, 2)") && Catch::Contains("(2, 3)"));
  REQUIRE_THROWS_AS(broadcast_shapes({0}, {2}), ShapeError);
}

TEST_CASE("dtype names and sizes", "[tensor][dtype]") {
  struct Row {
    DType dtype;
    const char* name;
    std::size_t size;
  };
  for (const Row& r : {Row{float32, "float32", 4}, Row{float64, "float64", 8}, Row{int32, "int32", 4},
                       Row{int64, "int64", 8}, Row{uint8, "uint8", 1}}) {
    CHECK(dtype_name(r.dtype) == r.name);
    CHECK(dtype_size(r.dtype) == r.size);
    CHECK(dtype_from_name(r.name) == r.dtype);
  }
  REQUIRE_THROWS_AS(dtype_from_name("float16"), ValueError);
  REQUIRE_THROWS_WITH(dtype_from_name("float16"), Catch::Contains("'float16'") && Catch::Contains("uint8"));
}

TEST_CASE("Sizes that overflow 64 bits are errors, not wrapped allocations", "[tensor][shape]") {
  const std::int64_t big = std::int64_t{1} << 40;
  CHECK(Shape{big, 4}.size() == big * 4);
  CHECK_THROWS_AS(Shape({big, big}).size(), ShapeError);
  CHECK(Shape{big, -1}.size() == -1);  // unknown dims stay unknown, whatever the others
  CHECK_THROWS_AS(Tensor(Shape{std::int64_t{1} << 61, 4}, float32), ShapeError);
}
