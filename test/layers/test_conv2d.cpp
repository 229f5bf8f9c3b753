#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/conv2d.h"
#include "layers/layer_registry.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// v(h, w) = 3h + w + 1: the 3x3 image [[1, 2, 3], [4, 5, 6], [7, 8, 9]].
Tensor image_1_to_9() { return tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1}); }

}  // namespace

TEST_CASE("Conv2D satisfies the layer contract", "[layers][conv2d]") {
  run_layer_test({.make = [] { return std::make_shared<Conv2D>(3, 3, Conv2D::Options{.activation = "tanh"}); },
                  .input_shape = {2, 5, 5, 2},
                  .expected_output_shape = Shape{2, 3, 3, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv2D>(
                            2, Size2{3, 2}, Conv2D::Options{.strides = {2, 1}, .padding = "same", .use_bias = false});
                      },
                  .input_shape = {1, 5, 4, 3},
                  .expected_output_shape = Shape{1, 3, 4, 2},
                  .weight_names = {"kernel"}});
  run_layer_test({.make = [] { return std::make_shared<Conv2D>(2, 2, Conv2D::Options{.dilation_rate = 2}); },
                  .input_shape = {1, 5, 6, 1},
                  .expected_output_shape = Shape{1, 3, 4, 2},
                  .weight_names = {"kernel", "bias"}});
}

TEST_CASE("Conv2D computes a hand-derived cross-correlation", "[layers][conv2d]") {
  SECTION("two channels, two filters, valid padding, bias") {
    // Channel 0 holds v(h, w), channel 1 holds 10 v(h, w).
    std::vector<float> x;
    for (int v = 1; v <= 9; ++v) {
      x.push_back(static_cast<float>(v));
      x.push_back(10.0f * static_cast<float>(v));
    }
    // Kernel (kh, kw, c, f): filter 0 sums channel 0 over the 2x2 window; filter 1 is
    // channel 1 at the window's top-left minus channel 0 at its bottom-right.
    std::vector<float> k(16, 0.0f);
    auto at = [&](int kh, int kw, int c, int f) -> float& {
      return k[static_cast<std::size_t>(((kh * 2 + kw) * 2 + c) * 2 + f)];
    };
    for (int kh = 0; kh < 2; ++kh) {
      for (int kw = 0; kw < 2; ++kw) at(kh, kw, 0, 0) = 1.0f;
    }
    at(0, 0, 1, 1) = 1.0f;
    at(1, 1, 0, 1) = -1.0f;
    Conv2D conv(2, 2);
    conv.maybe_build({-1, 3, 3, 2});
    conv.set_weights({tensor(k, {2, 2, 2, 2}), tensor({1, -1}, {2})});
    // Filter 0: 1+2+4+5=12, 16, 24, 28, plus 1. Filter 1: 10-5=5, 20-6=14, 40-8=32, 50-9=41, minus 1.
    Tensor y = forward(conv, tensor(x, {1, 3, 3, 2}));
    REQUIRE(y.shape() == Shape{1, 2, 2, 2});
    check_close(y, {13, 4, 17, 13, 25, 31, 29, 40});
    CHECK(conv.count_params() == 18);
  }
  SECTION("same padding with stride 2 pads one pixel on every side of a 3x3 image") {
    Conv2D conv(1, 3, Conv2D::Options{.strides = 2, .padding = "same", .use_bias = false});
    conv.maybe_build({-1, 3, 3, 1});
    conv.set_weights({Tensor::ones({3, 3, 1, 1})});
    // Windows centred on the four corners: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
    check_close(forward(conv, image_1_to_9()), {12, 16, 24, 28});
  }
  SECTION("dilation 2 turns a 2x2 kernel into its corners of a 3x3 window") {
    Conv2D conv(1, 2, Conv2D::Options{.dilation_rate = 2, .use_bias = false});
    conv.maybe_build({-1, 3, 3, 1});
    conv.set_weights({tensor({1, 2, 3, 4}, {2, 2, 1, 1})});
    // 1*1 + 2*3 + 3*7 + 4*9.
    check_close(forward(conv, image_1_to_9()), {64});
  }
  SECTION("the activation is applied after the bias") {
    Conv2D conv(1, 1, "relu");
    conv.maybe_build({-1, 3, 3, 1});
    conv.set_weights({tensor({1}, {1, 1, 1, 1}), tensor({-5}, {1})});
    check_close(forward(conv, image_1_to_9()), {0, 0, 0, 0, 0, 1, 2, 3, 4});
  }
}

TEST_CASE("Conv2D output shapes follow Keras' conv_output_length", "[layers][conv2d]") {
  CHECK(Conv2D(8, 3).compute_output_shape({-1, 28, 28, 1}) == Shape{-1, 26, 26, 8});
  CHECK(Conv2D(8, 3, Conv2D::Options{.padding = "same"}).compute_output_shape({4, 28, 28, 1}) == Shape{4, 28, 28, 8});
  CHECK(Conv2D(8, 3, Conv2D::Options{.strides = 2}).compute_output_shape({-1, 28, 27, 1}) == Shape{-1, 13, 13, 8});
  CHECK(Conv2D(8, 3, Conv2D::Options{.strides = 2, .padding = "same"}).compute_output_shape({-1, 7, 8, 1}) ==
        Shape{-1, 4, 4, 8});
  CHECK(Conv2D(8, 3, Conv2D::Options{.dilation_rate = {2, 3}}).compute_output_shape({-1, 10, 10, 1}) ==
        Shape{-1, 6, 4, 8});
  CHECK(Conv2D(8, 3).compute_output_shape({-1, -1, 10, 1}) == Shape{-1, -1, 8, 8});
}

TEST_CASE("Conv2D matches Keras-computed outputs", "[layers][conv2d][keras-samples]") {
  auto cases = load_kerasjs_cases("Conv2D");
  if (cases.empty()) return;
  CHECK(cases.size() == 12);
  for (const auto& c : cases) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    REQUIRE(kw.value("data_format", "channels_last") == "channels_last");
    Conv2D conv(c.layer_config["args"][0].get<int>(), Size2(c.layer_config["args"][1].get<std::array<int, 2>>()),
                Conv2D::Options{.strides = kw["strides"].get<std::array<int, 2>>(),
                                .padding = kw.value("padding", "valid"),
                                .dilation_rate = kw["dilation_rate"].get<std::array<int, 2>>(),
                                .activation = kw.value("activation", "linear"),
                                .use_bias = kw.value("use_bias", true)});
    conv.maybe_build(c.input.shape());
    conv.set_weights(c.weights);
    CHECK(conv.compute_output_shape(c.input.shape()) == c.expected.shape());
    check_close(forward(conv, c.input), c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("Conv2D creates its weights with its initializers", "[layers][conv2d]") {
  Conv2D conv(2, 2, Conv2D::Options{.kernel_initializer = "ones", .bias_initializer = initializers::Constant(0.5)});
  // All-ones 2x2 kernels: the window sums 12, 16, 24, 28 for both filters, plus the bias 0.5.
  check_close(forward(conv, image_1_to_9()), {12.5, 12.5, 16.5, 16.5, 24.5, 24.5, 28.5, 28.5});
  Json c = conv.get_config();
  CHECK(c["kernel_initializer"]["class_name"] == "Ones");
  CHECK(c["bias_initializer"]["config"]["value"] == 0.5);
  // The default glorot_uniform kernel (3, 3, 4, 8): fan_in 36, fan_out 72; the bias starts at zero.
  Conv2D glorot(8, 3);
  glorot.maybe_build({-1, 5, 5, 4});
  const double limit = std::sqrt(6.0 / (36 + 72));
  double largest = 0;
  for (double v : glorot.get_weights()[0].to_vector<double>()) largest = std::max(largest, std::fabs(v));
  CHECK(largest <= limit);
  CHECK(largest > 0.9 * limit);
  check_close(glorot.get_weights()[1], std::vector<double>(8, 0.0), 0, 0);
}

TEST_CASE("Conv2D get_config lists Keras' fields", "[layers][conv2d]") {
  Conv2D conv(16, {3, 5}, Conv2D::Options{.strides = {1, 2}, .padding = "same", .activation = "relu", .name = "c1"});
  Json c = conv.get_config();
  CHECK(c["name"] == "c1");
  CHECK(c["filters"] == 16);
  CHECK(c["kernel_size"] == Json::array({3, 5}));
  CHECK(c["strides"] == Json::array({1, 2}));
  CHECK(c["padding"] == "same");
  CHECK(c["dilation_rate"] == Json::array({1, 1}));
  CHECK(c["activation"] == "relu");
  CHECK(c["kernel_initializer"]["class_name"] == "GlorotUniform");
  CHECK(c["bias_initializer"]["class_name"] == "Zeros");
  // Keras 2 configs name the padding in any case; it is stored in Keras' lower case.
  auto upper = Conv2D::from_config(Json{{"filters", 2}, {"kernel_size", 3}, {"padding", "SAME"}});
  CHECK(upper->get_config()["padding"] == "same");
  CHECK(upper->get_config()["kernel_size"] == Json::array({3, 3}));
  auto frozen = deserialize(
      Json{{"class_name", "Conv2D"}, {"config", {{"filters", 2}, {"kernel_size", 3}, {"trainable", false}}}});
  CHECK_FALSE(frozen->trainable());
  CHECK(frozen->get_config()["trainable"] == false);
}

TEST_CASE("Conv2D rejects bad arguments, inputs and configs with clear errors", "[layers][conv2d][errors]") {
  REQUIRE_THROWS_WITH(Conv2D(0, 3), Catch::Contains("filters=0"));
  REQUIRE_THROWS_WITH(Conv2D(2, {0, 3}, Conv2D::Options{.name = "c"}),
                      Catch::Contains("\"c\"") && Catch::Contains("kernel_size"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3, Conv2D::Options{.strides = {1, -1}}), Catch::Contains("strides"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3, Conv2D::Options{.strides = 2, .dilation_rate = 2}),
                      Catch::Contains("strides > 1") && Catch::Contains("dilation_rate > 1"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3, Conv2D::Options{.data_format = "channels_first", .name = "cf"}),
                      Catch::Contains("\"cf\"") && Catch::Contains("channels_first") &&
                          Catch::Contains("channels_last"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3, Conv2D::Options{.padding = "full", .name = "cp"}),
                      Catch::Contains("\"cp\"") && Catch::Contains("'full'") && Catch::Contains("'same'"));
  REQUIRE_THROWS_WITH(Conv2D(2, 3, "relux"), Catch::Contains("Unknown activation 'relux'"));

  Conv2D big(2, 5, Conv2D::Options{.name = "big"});
  REQUIRE_THROWS_AS(big.compute_output_shape({-1, 3, 3, 1}), ShapeError);
  REQUIRE_THROWS_WITH(big.compute_output_shape({-1, 3, 3, 1}),
                      Catch::Contains("\"big\"") && Catch::Contains("negative") && Catch::Contains("(None, 3, 3, 1)"));
  REQUIRE_THROWS_AS(forward(big, Tensor::zeros({1, 3, 3, 1})), ShapeError);

  Conv2D conv(2, 3, Conv2D::Options{.name = "conv"});
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({5, 5, 1})),
                      Catch::Contains("layer \"conv\"") && Catch::Contains("expected ndim=4"));
  forward(conv, Tensor::zeros({1, 5, 5, 3}));
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 5, 5, 2})),
                      Catch::Contains("layer \"conv\"") && Catch::Contains("value 3") &&
                          Catch::Contains("(1, 5, 5, 2)"));

  REQUIRE_THROWS_WITH(Conv2D::from_config(Json{{"name", "k"}, {"filters", 2}, {"kernel_size", "3x3"}}),
                      Catch::Contains("Conv2D layer \"k\"") && Catch::Contains("'kernel_size'") &&
                          Catch::Contains("\"3x3\""));
  REQUIRE_THROWS_WITH(Conv2D::from_config(Json{{"name", "k"}, {"kernel_size", 3}}),
                      Catch::Contains("Conv2D layer \"k\"") && Catch::Contains("'filters'"));
  REQUIRE_THROWS_WITH(Conv2D::from_config(Json{{"name", "g"}, {"filters", 4}, {"kernel_size", 3}, {"groups", 3}}),
                      Catch::Contains("\"g\"") && Catch::Contains("groups=3"));
}
