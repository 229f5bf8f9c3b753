#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "libkeras/utils/error.h"
#include "libkeras/utils/numerical_utils.h"

using namespace keras;
using Seqs = std::vector<std::vector<std::int64_t>>;

namespace {

// Element-wise comparison with a float tolerance, shapes first so a mismatch reads clearly.
void check_floats(const Tensor& t, const Shape& shape, const std::vector<double>& expected) {
  REQUIRE(t.shape() == shape);
  const auto got = t.to_vector<double>();
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(expected[i]).margin(1e-6));
}

Tensor ints(const std::vector<std::int32_t>& v, const Shape& s) { return Tensor::from_vector(v, s); }

}  // namespace

TEST_CASE("to_categorical one-hot encodes labels as float32", "[utils][to_categorical]") {
  Tensor y = utils::to_categorical(ints({0, 2, 1}, {3}));
  CHECK(y.dtype() == float32);
  check_floats(y, {3, 3}, {1, 0, 0, 0, 0, 1, 0, 1, 0});
  // An explicit num_classes widens the last axis; 0 means "infer", as `not num_classes` does.
  check_floats(utils::to_categorical(ints({0, 2, 1}, {3}), 4), {3, 4},
               {1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0});
  check_floats(utils::to_categorical(ints({1, 0}, {2}), 0), {2, 2}, {0, 1, 1, 0});
}

TEST_CASE("to_categorical squeezes a trailing axis of 1 only above rank 1",
          "[utils][to_categorical]") {
  check_floats(utils::to_categorical(ints({0, 2, 1}, {3, 1})), {3, 3}, {1, 0, 0, 0, 0, 1, 0, 1, 0});
  check_floats(utils::to_categorical(ints({1}, {1})), {1, 2}, {0, 1});
  check_floats(utils::to_categorical(ints({0, 1, 1, 0}, {2, 2})), {2, 2, 2},
               {1, 0, 0, 1, 0, 1, 1, 0});
  check_floats(utils::to_categorical(ints({2}, Shape{})), {3}, {0, 0, 1});
  // Float labels truncate like numpy's int64 conversion.
  check_floats(utils::to_categorical(Tensor::from_vector(std::vector<float>{1.7f, 0.2f}, {2})),
               {2, 2}, {0, 1, 1, 0});
}

TEST_CASE("to_categorical rejects labels outside [0, num_classes)", "[utils][to_categorical]") {
  REQUIRE_THROWS_AS(utils::to_categorical(ints({0, -1}, {2})), ValueError);
  REQUIRE_THROWS_WITH(utils::to_categorical(ints({0, 3}, {2}), 3),
                      Catch::Contains("Invalid class label 3 at index 1"));
  REQUIRE_THROWS_WITH(utils::to_categorical(ints({}, {0})),
                      "zero-size array to reduction operation maximum which has no identity");
  REQUIRE_THROWS_AS(utils::to_categorical(ints({0}, {1}), -2), ValueError);
  CHECK(utils::to_categorical(ints({}, {0}), 3).shape() == Shape({0, 3}));
}

TEST_CASE("normalize divides by the L2 norm along an axis", "[utils][normalize]") {
  auto x = Tensor::from_vector(std::vector<float>{3, 4, 0, 0}, {2, 2});
  // The all-zero row stays zero: the inverse norm is clipped at 1 / epsilon.
  check_floats(utils::normalize(x), {2, 2}, {0.6, 0.8, 0, 0});
  auto cols = Tensor::from_vector(std::vector<float>{3, 0, 4, 5}, {2, 2});
  check_floats(utils::normalize(cols, 0), {2, 2}, {0.6, 0, 0.8, 1});
  check_floats(utils::normalize(cols, -2), {2, 2}, {0.6, 0, 0.8, 1});
  // 1 / sqrt(1e-16) = 1e8 is clipped to 1e7, so 1e-8 becomes 0.1, not 1.
  check_floats(utils::normalize(Tensor::from_vector(std::vector<double>{1e-8, 0}, {2})), {2},
               {0.1, 0});
  check_floats(utils::normalize(Tensor::scalar(5.0f)), {1}, {1});
}

TEST_CASE("normalize with other orders and dtypes", "[utils][normalize]") {
  check_floats(utils::normalize(Tensor::from_vector(std::vector<float>{1, -3}, {2}), -1, 1), {2},
               {0.25, -0.75});
  // (2^3 + 2^3)^(1/3) = 16^(1/3) = 2.5198421.
  check_floats(utils::normalize(Tensor::from_vector(std::vector<float>{2, 2}, {2}), -1, 3), {2},
               {0.7937005, 0.7937005});
  // The norm is floored at epsilon: 1e-8 / 1e-7 = 0.1.
  check_floats(utils::normalize(Tensor::from_vector(std::vector<double>{1e-8}, {1}), -1, 1), {1},
               {0.1});
  CHECK(utils::normalize(ints({3, 4}, {2})).dtype() == float32);
  CHECK(utils::normalize(Tensor::from_vector(std::vector<double>{3, 4}, {2})).dtype() == float64);
  check_floats(utils::normalize(ints({3, 4}, {2})), {2}, {0.6, 0.8});
}

TEST_CASE("normalize rejects a bad order or axis", "[utils][normalize]") {
  auto x = Tensor::from_vector(std::vector<float>{1, 2}, {2});
  REQUIRE_THROWS_WITH(utils::normalize(x, -1, 0),
                      "Argument `order` must be an int >= 1. Received: order=0");
  REQUIRE_THROWS_AS(utils::normalize(x, 1), ValueError);
  REQUIRE_THROWS_AS(utils::normalize(x, -2), ValueError);
}

TEST_CASE("pad_sequences pads and truncates pre and post", "[utils][pad_sequences]") {
  const Seqs seqs{{1}, {2, 3}, {4, 5, 6}};
  Tensor t = utils::pad_sequences(seqs);
  CHECK(t.dtype() == int32);
  check_floats(t, {3, 3}, {0, 0, 1, 0, 2, 3, 4, 5, 6});
  check_floats(utils::pad_sequences(seqs, {}, int32, "post"), {3, 3}, {1, 0, 0, 2, 3, 0, 4, 5, 6});
  check_floats(utils::pad_sequences(seqs, 2), {3, 2}, {0, 1, 2, 3, 5, 6});
  check_floats(utils::pad_sequences(seqs, 2, int32, "pre", "post"), {3, 2}, {0, 1, 2, 3, 4, 5});
  check_floats(utils::pad_sequences(seqs, 2, int32, "post", "post"), {3, 2}, {1, 0, 2, 3, 4, 5});
  check_floats(utils::pad_sequences(seqs, 2, int32, "post", "pre"), {3, 2}, {1, 0, 2, 3, 5, 6});
}

TEST_CASE("pad_sequences value, dtype and empty inputs", "[utils][pad_sequences]") {
  Tensor f = utils::pad_sequences({{1, 2}, {3}}, 4, float32, "pre", "pre", -1.5);
  CHECK(f.dtype() == float32);
  check_floats(f, {2, 4}, {-1.5, -1.5, 1, 2, -1.5, -1.5, -1.5, 3});
  // An int dtype truncates the fill value, as np.full does.
  check_floats(utils::pad_sequences({{1}, {}}, 2, int32, "pre", "pre", -1.5), {2, 2},
               {-1, 1, -1, -1});
  check_floats(utils::pad_sequences({{}, {7}}), {2, 1}, {0, 7});
  const std::int64_t big = std::int64_t{1} << 60;
  Tensor l = utils::pad_sequences({{big}}, 2, int64);
  CHECK(l.to_vector<std::int64_t>() == std::vector<std::int64_t>{0, big});
  CHECK(utils::pad_sequences({}, 3).shape() == Shape({0, 3}));
  CHECK(utils::pad_sequences({{1, 2}}, 0).shape() == Shape({1, 0}));
}

TEST_CASE("pad_sequences errors match Keras", "[utils][pad_sequences]") {
  const Seqs seqs{{1, 2}};
  REQUIRE_THROWS_WITH(utils::pad_sequences(seqs, {}, int32, "middle"),
                      "Padding type \"middle\" not understood");
  REQUIRE_THROWS_WITH(utils::pad_sequences(seqs, {}, int32, "pre", "both"),
                      "Truncating type \"both\" not understood");
  // Keras checks truncating first.
  REQUIRE_THROWS_WITH(utils::pad_sequences(seqs, {}, int32, "x", "y"),
                      "Truncating type \"y\" not understood");
  // Keras only validates while copying a non-empty sequence.
  CHECK_NOTHROW(utils::pad_sequences({{}, {}}, 2, int32, "x", "y"));
  REQUIRE_THROWS_WITH(utils::pad_sequences({}),
                      "zero-size array to reduction operation maximum which has no identity");
  REQUIRE_THROWS_AS(utils::pad_sequences(seqs, -1), ValueError);
}
