#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling2d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// A (1, 3, 3, 2) image: channel 0 is [[1, 2, 3], [4, 5, 6], [7, 8, 9]], channel 1 its negation
// (so a max over zero padding would show up as 0 in channel 1).
Tensor two_channel_image() {
  std::vector<float> x;
  for (int v = 1; v <= 9; ++v) {
    x.push_back(static_cast<float>(v));
    x.push_back(-static_cast<float>(v));
  }
  return tensor(x, {1, 3, 3, 2});
}

// (1, A, B, C) -> (1, B, C, A): Keras' channels_first (1, C, H, W) to channels_last (1, H, W, C).
Tensor channels_first_to_last(const Tensor& t) {
  REQUIRE(t.rank() == 4);
  const std::int64_t c = t.dim(1), h = t.dim(2), w = t.dim(3);
  std::vector<float> in = t.to_vector<float>(), out(in.size());
  for (std::int64_t k = 0; k < c; ++k) {
    for (std::int64_t i = 0; i < h; ++i) {
      for (std::int64_t j = 0; j < w; ++j) {
        out[static_cast<std::size_t>((i * w + j) * c + k)] = in[static_cast<std::size_t>((k * h + i) * w + j)];
      }
    }
  }
  return tensor(out, {1, h, w, c});
}

Pooling2D::Options options_of(const Json& kw) {
  Pooling2D::Options o;
  if (!kw["strides"].is_null()) o.strides = Size2(kw["strides"].get<std::array<int, 2>>());
  o.padding = kw["padding"].get<std::string>();
  return o;
}

// Every Keras-computed case of `layer`; channels_first cases are run as channels_last on the
// transposed input and compared with the transposed expectation.
template <class Pool>
void check_kerasjs_cases(const std::string& layer) {
  auto cases = load_kerasjs_cases(layer);
  if (cases.empty()) return;
  CHECK(cases.size() == 13);
  int channels_first = 0;
  for (const auto& c : cases) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    Tensor input = c.input, expected = c.expected;
    if (kw["data_format"] == "channels_first") {
      ++channels_first;
      input = channels_first_to_last(input);
      expected = channels_first_to_last(expected);
    }
    Pool pool(Size2(kw["pool_size"].get<std::array<int, 2>>()), options_of(kw));
    CHECK(pool.compute_output_shape(input.shape()) == expected.shape());
    check_close(forward(pool, input), expected, 1e-5, 1e-4);
  }
  CHECK(channels_first == 3);
}

}  // namespace

TEST_CASE("MaxPooling2D and AveragePooling2D satisfy the layer contract", "[layers][pooling2d]") {
  // A small step: a finite difference must not move a window's maximum to another element.
  run_layer_test({.make = [] { return std::make_shared<MaxPooling2D>(); },
                  .input_shape = {2, 4, 5, 3},
                  .expected_output_shape = Shape{2, 2, 2, 3},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make = [] { return std::make_shared<AveragePooling2D>(Size2{3, 2}); },
                  .input_shape = {2, 6, 5, 2},
                  .expected_output_shape = Shape{2, 2, 2, 2},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        Pooling2D::Options same{.strides = 1, .padding = "same"};
                        return std::make_shared<AveragePooling2D>(2, same);
                      },
                  .input_shape = {1, 3, 4, 2},
                  .expected_output_shape = Shape{1, 3, 4, 2},
                  .weight_names = {}});
}

TEST_CASE("MaxPooling2D takes the window maximum per channel", "[layers][pooling2d]") {
  MaxPooling2D pool;
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {1, 4, 4, 1});
  check_close(forward(pool, x), {6, 8, 14, 16});
  SECTION("valid padding drops the last row and column of a 3x3 image") {
    check_close(forward(pool, two_channel_image()), {5, -1});
  }
  SECTION("same padding never lets the padding win, even for negative inputs") {
    MaxPooling2D same(2, Pooling2D::Options{.padding = "same"});
    // Windows {1,2,4,5}, {3,6}, {7,8}, {9}; channel 1 holds the negated values.
    check_close(forward(same, two_channel_image()), {5, -1, 6, -3, 8, -7, 9, -9});
  }
  SECTION("overlapping windows with stride 1") {
    MaxPooling2D overlap(2, Pooling2D::Options{.strides = 1});
    check_close(forward(overlap, two_channel_image()), {5, -1, 6, -2, 8, -4, 9, -5});
  }
}

TEST_CASE("AveragePooling2D averages the in-bounds window", "[layers][pooling2d]") {
  AveragePooling2D pool;
  check_close(forward(pool, tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {1, 4, 4, 1})),
              {3.5, 5.5, 11.5, 13.5});
  SECTION("same padding divides by the number of real pixels (TensorFlow semantics)") {
    AveragePooling2D same(2, Pooling2D::Options{.padding = "same"});
    // (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9/1 and their negations.
    check_close(forward(same, two_channel_image()), {3, -3, 4.5, -4.5, 7.5, -7.5, 9, -9});
  }
  SECTION("rectangular pool with a rectangular stride") {
    AveragePooling2D rect(Size2{1, 3}, Pooling2D::Options{.strides = Size2{2, 1}});
    check_close(forward(rect, two_channel_image()), {2, -2, 8, -8});
  }
}

TEST_CASE("Pooling output shapes default the strides to the pool size", "[layers][pooling2d]") {
  CHECK(MaxPooling2D().compute_output_shape({-1, 26, 26, 32}) == Shape{-1, 13, 13, 32});
  CHECK(MaxPooling2D(3).compute_output_shape({-1, 10, 11, 1}) == Shape{-1, 3, 3, 1});
  CHECK(MaxPooling2D(3, Pooling2D::Options{.padding = "same"}).compute_output_shape({-1, 10, 11, 1}) ==
        Shape{-1, 4, 4, 1});
  CHECK(AveragePooling2D(2, Pooling2D::Options{.strides = 1}).compute_output_shape({8, 5, -1, 2}) ==
        Shape{8, 4, -1, 2});
  CHECK(MaxPooling2D(Size2{2, 3}).get_config()["strides"] == Json::array({2, 3}));
}

TEST_CASE("MaxPooling2D matches Keras-computed outputs", "[layers][pooling2d][keras-samples]") {
  check_kerasjs_cases<MaxPooling2D>("MaxPooling2D");
}

TEST_CASE("AveragePooling2D matches Keras-computed outputs", "[layers][pooling2d][keras-samples]") {
  check_kerasjs_cases<AveragePooling2D>("AveragePooling2D");
}

TEST_CASE("Pooling configs round trip with Keras' field order", "[layers][pooling2d]") {
  AveragePooling2D pool(Size2{3, 2}, Pooling2D::Options{.strides = 1, .padding = "same", .name = "avg"});
  Json c = pool.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys ==
        std::vector<std::string>{"name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"});
  auto copy = AveragePooling2D::from_config(c);
  CHECK(copy->get_config().dump() == c.dump());
  // Keras writes strides: null for "same as pool_size".
  auto defaulted = MaxPooling2D::from_config(Json{{"pool_size", 3}, {"strides", nullptr}});
  CHECK(defaulted->get_config()["strides"] == Json::array({3, 3}));
}

TEST_CASE("Pooling layers reject bad arguments and inputs with clear errors", "[layers][pooling2d][errors]") {
  REQUIRE_THROWS_WITH(MaxPooling2D(0), Catch::Contains("pool_size"));
  REQUIRE_THROWS_WITH(AveragePooling2D(2, Pooling2D::Options{.strides = Size2{1, 0}, .name = "p"}),
                      Catch::Contains("\"p\"") && Catch::Contains("strides"));
  REQUIRE_THROWS_WITH(MaxPooling2D(2, Pooling2D::Options{.data_format = "channels_first", .name = "cf"}),
                      Catch::Contains("\"cf\"") && Catch::Contains("channels_first") &&
                          Catch::Contains("channels_last"));
  REQUIRE_THROWS_WITH(MaxPooling2D(2, Pooling2D::Options{.padding = "causal", .name = "pp"}),
                      Catch::Contains("\"pp\"") && Catch::Contains("'causal'"));
  MaxPooling2D big(4, Pooling2D::Options{.name = "big"});
  REQUIRE_THROWS_WITH(big.compute_output_shape({-1, 3, 8, 1}),
                      Catch::Contains("\"big\"") && Catch::Contains("negative") && Catch::Contains("(None, 3, 8, 1)"));
  REQUIRE_THROWS_WITH(forward(big, Tensor::zeros({3, 8, 1})),
                      Catch::Contains("\"big\"") && Catch::Contains("expected ndim=4"));
  REQUIRE_THROWS_WITH(MaxPooling2D::from_config(Json{{"name", "m"}, {"pool_size", Json::array({2, 2, 2})}}),
                      Catch::Contains("MaxPooling2D layer \"m\"") && Catch::Contains("'pool_size'"));
  REQUIRE_THROWS_WITH(AveragePooling2D::from_config(Json{{"name", "a"}, {"padding", 1}}),
                      Catch::Contains("AveragePooling2D layer \"a\"") && Catch::Contains("'padding'"));
}
