#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/depthwise_conv1d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("DepthwiseConv1D satisfies the layer contract", "[layers][depthwise_conv1d]") {
  run_layer_test({.make = [] { return std::make_shared<DepthwiseConv1D>(3); },
                  .input_shape = {2, 7, 3},
                  .expected_output_shape = Shape{2, 5, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<DepthwiseConv1D>(
                            2, DepthwiseConv1D::Options{.strides = 2, .padding = "same", .depth_multiplier = 3});
                      },
                  .input_shape = {1, 7, 2},
                  .expected_output_shape = Shape{1, 4, 6},
                  .weight_names = {"kernel", "bias"}});
}

TEST_CASE("DepthwiseConv1D matches a naive depthwise convolution", "[layers][depthwise_conv1d]") {
  Tensor x = random_tensor({2, 9, 4}, -1, 1, 71);
  DepthwiseConv1D conv(3, DepthwiseConv1D::Options{.depth_multiplier = 2, .dilation_rate = 2, .activation = "relu"});
  conv.maybe_build(x.shape());
  Tensor k = random_tensor({3, 4, 2}, -1, 1, 72), b = random_tensor({8}, -1, 1, 73);
  conv.set_weights({k, b});
  std::vector<double> expected = naive::depthwise_conv(x, k, b, {{3}, {1}, {2}});
  for (double& v : expected) v = std::max(v, 0.0);
  check_close(forward(conv, x), expected, 1e-5, 1e-5);
}

TEST_CASE("DepthwiseConv1D serialises Keras' fields", "[layers][depthwise_conv1d]") {
  DepthwiseConv1D conv(4, DepthwiseConv1D::Options{.strides = 2, .depth_multiplier = 3, .name = "d1"});
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"depth_multiplier", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                        "activation", "use_bias", "depthwise_initializer", "bias_initializer", "depthwise_regularizer",
                        "bias_regularizer", "activity_regularizer", "depthwise_constraint", "bias_constraint"}));
  CHECK(c["kernel_size"] == Json::array({4}));
  CHECK(c["strides"] == Json::array({2}));
  CHECK(DepthwiseConv1D::from_config(c)->get_config().dump() == c.dump());
  CHECK(conv.compute_output_shape({-1, 10, 2}) == Shape{-1, 4, 6});
  REQUIRE_THROWS_WITH(DepthwiseConv1D(3, DepthwiseConv1D::Options{.depth_multiplier = -2}),
                      Catch::Contains("depth_multiplier=-2"));
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 5, 5, 2})),
                      Catch::Contains("\"d1\"") && Catch::Contains("ndim=3"));
}
