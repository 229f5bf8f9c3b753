#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv2d_transpose.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv2DTranspose satisfies the layer contract", "[layers][conv2d_transpose]") {
  run_layer_test({.make = [] { return std::make_shared<Conv2DTranspose>(3, 3, "tanh"); },
                  .input_shape = {2, 3, 4, 2},
                  .expected_output_shape = Shape{2, 5, 6, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv2DTranspose>(
                            2, Size2{3, 2},
                            Conv2DTranspose::Options{.strides = 2, .padding = "same", .output_padding = Size2{1, 0}});
                      },
                  .input_shape = {1, 3, 3, 2},
                  .expected_output_shape = Shape{1, 6, 4, 2},
                  .weight_names = {"kernel", "bias"}});
}

TEST_CASE("Conv2DTranspose is the input gradient of a convolution", "[layers][conv2d_transpose]") {
  struct Case {
    Conv2DTranspose::Options options;
    Size2 kernel;
    naive::Window w;
    Shape expected;
  };
  // Keras: valid -> (in - 1) * s + k + max(k, s) - k; same -> in * s, or with output_padding
  // (in - 1) * s + k % 2 + output_padding.
  const std::vector<Case> cases = {
      {{.strides = {2, 1}}, {3, 2}, {{3, 2}, {2, 1}, {1, 1}}, {2, 9, 6, 3}},
      {{.strides = 3}, 2, {{2, 2}, {3, 3}, {1, 1}}, {2, 12, 15, 3}},
      {{.strides = 2, .padding = "same"}, 3, {{3, 3}, {2, 2}, {1, 1}, true}, {2, 8, 10, 3}},
      {{.strides = 2, .padding = "same", .output_padding = Size2{0, 1}},
       3,
       {{3, 3}, {2, 2}, {1, 1}, true},
       {2, 7, 10, 3}},
      {{.padding = "same", .dilation_rate = 2}, 3, {{3, 3}, {1, 1}, {2, 2}, true}, {2, 4, 5, 3}},
  };
  Tensor x = random_tensor({2, 4, 5, 2}, -1, 1, 41);
  unsigned seed = 42;
  for (const auto& c : cases) {
    Conv2DTranspose layer(3, c.kernel, c.options);
    layer.maybe_build(x.shape());
    Tensor k = random_tensor({c.kernel.h, c.kernel.w, 3, 2}, -1, 1, seed++), b = random_tensor({3}, -1, 1, seed++);
    layer.set_weights({k, b});
    Tensor y = forward(layer, x);
    REQUIRE(y.shape() == c.expected);
    CHECK(layer.compute_output_shape(x.shape()) == c.expected);
    check_close(y, naive::conv_transpose(x, k, b, c.w, {c.expected[1], c.expected[2]}), 1e-5, 1e-5);
  }
}

TEST_CASE("Conv2DTranspose at hand-derived points", "[layers][conv2d_transpose]") {
  // Stride 2, a 2x2 kernel of ones, valid: every input pixel becomes a 2x2 block.
  Conv2DTranspose up(1, 2, Conv2DTranspose::Options{.strides = 2, .use_bias = false});
  up.maybe_build({-1, 2, 2, 1});
  up.set_weights({Tensor::ones({2, 2, 1, 1})});
  check_close(forward(up, tensor({1, 2, 3, 4}, {1, 2, 2, 1})), {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
}

TEST_CASE("Conv2DTranspose serialises Keras' fields", "[layers][conv2d_transpose]") {
  Conv2DTranspose conv(4, Size2{3, 5},
                       Conv2DTranspose::Options{.strides = {2, 3},
                                                .output_padding = Size2{1, 2},
                                                .activation = "relu",
                                                .kernel_regularizer = regularizers::L2(0.5),
                                                .activity_regularizer = regularizers::L2(0.25),
                                                .bias_constraint = constraints::NonNeg(),
                                                .name = "up"});
  Json c = conv.get_config();
  CHECK(
      config_keys(c) ==
      with_base_keys({"activity_regularizer", "filters", "kernel_size", "strides", "padding", "output_padding",
                      "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer",
                      "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint",
                      "bias_constraint"}));
  CHECK(c["output_padding"] == Json::array({1, 2}));
  CHECK(c["kernel_size"] == Json::array({3, 5}));
  CHECK(Conv2DTranspose(2, 3).get_config()["output_padding"].is_null());
  auto copy = Conv2DTranspose::from_config(Json::parse(c.dump()));
  CHECK(copy->get_config().dump() == c.dump());
  Tensor x = random_tensor({1, 2, 2, 3});
  conv.maybe_build(x.shape());
  CHECK(conv.get_weights()[0].shape() == Shape{3, 5, 4, 3});
  check_penalties(conv, x, {{"kernel", false, 0.5}}, 0.25);
  CHECK(conv.weights()[1]->constraint->class_name() == "NonNeg");
}

TEST_CASE("Conv2DTranspose rejects bad arguments naming the layer", "[layers][conv2d_transpose][errors]") {
  REQUIRE_THROWS_WITH(Conv2DTranspose(0, 3), Catch::Contains("filters=0"));
  REQUIRE_THROWS_WITH(Conv2DTranspose(2, 3, Conv2DTranspose::Options{.strides = 2, .output_padding = 2, .name = "t"}),
                      Catch::Contains("\"t\"") && Catch::Contains("strictly less than `strides`"));
  REQUIRE_THROWS_WITH(Conv2DTranspose(2, 3, Conv2DTranspose::Options{.strides = 2, .output_padding = Size2{-1, 0}}),
                      Catch::Contains("output_padding") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(Conv2DTranspose(2, 3, Conv2DTranspose::Options{.strides = 2, .dilation_rate = 2}),
                      Catch::Contains("strides > 1"));
  REQUIRE_THROWS_WITH(Conv2DTranspose(2, 3, Conv2DTranspose::Options{.padding = "causal", .name = "tc"}),
                      Catch::Contains("\"tc\"") && Catch::Contains("'causal'"));
  Conv2DTranspose conv(2, 3, Conv2DTranspose::Options{.name = "tt"});
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 4, 4})),
                      Catch::Contains("\"tt\"") && Catch::Contains("expected ndim=4"));
  forward(conv, Tensor::zeros({1, 4, 4, 2}));
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 4, 4, 3})),
                      Catch::Contains("\"tt\"") && Catch::Contains("value 2"));
  REQUIRE_THROWS_WITH(Conv2DTranspose::from_config(Json{{"filters", 2}, {"kernel_size", 3}, {"output_padding", "x"}}),
                      Catch::Contains("'output_padding'"));
}
