#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/depthwise_conv2d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("DepthwiseConv2D satisfies the layer contract", "[layers][depthwise_conv2d]") {
  run_layer_test({.make = [] { return std::make_shared<DepthwiseConv2D>(3, "tanh"); },
                  .input_shape = {2, 5, 4, 3},
                  .expected_output_shape = Shape{2, 3, 2, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test(
      {.make =
           [] {
             return std::make_shared<DepthwiseConv2D>(
                 Size2{2, 3},
                 DepthwiseConv2D::Options{.strides = 2, .padding = "same", .depth_multiplier = 2, .use_bias = false});
           },
       .input_shape = {1, 5, 5, 2},
       .expected_output_shape = Shape{1, 3, 3, 4},
       .weight_names = {"kernel"}});
}

TEST_CASE("DepthwiseConv2D convolves each channel with its own filters", "[layers][depthwise_conv2d]") {
  Tensor x = random_tensor({2, 6, 5, 3}, -1, 1, 61);
  DepthwiseConv2D conv(Size2{3, 2},
                       DepthwiseConv2D::Options{.padding = "same", .depth_multiplier = 3, .dilation_rate = {2, 1}});
  conv.maybe_build(x.shape());
  Tensor k = random_tensor({3, 2, 3, 3}, -1, 1, 62), b = random_tensor({9}, -1, 1, 63);
  conv.set_weights({k, b});
  check_close(forward(conv, x), naive::depthwise_conv(x, k, b, {{3, 2}, {1, 1}, {2, 1}, true}), 1e-5, 1e-5);
  // Hand values: channel 0 doubled and negated (multiplier 2), channel 1 summed over the 2x2 window.
  DepthwiseConv2D hand(1, DepthwiseConv2D::Options{.depth_multiplier = 2, .use_bias = false});
  hand.maybe_build({-1, 1, 2, 2});
  hand.set_weights({tensor({2, -1, 1, 0}, {1, 1, 2, 2})});
  check_close(forward(hand, tensor({1, 10, 2, 20}, {1, 1, 2, 2})), {2, -1, 10, 0, 4, -2, 20, 0});
}

TEST_CASE("DepthwiseConv2D serialises Keras' fields", "[layers][depthwise_conv2d]") {
  DepthwiseConv2D conv(3, DepthwiseConv2D::Options{.depth_multiplier = 2,
                                                   .depthwise_initializer = "ones",
                                                   .depthwise_regularizer = regularizers::L1(0.5),
                                                   .bias_regularizer = regularizers::L2(0.25),
                                                   .activity_regularizer = regularizers::L2(0.125),
                                                   .depthwise_constraint = constraints::NonNeg(),
                                                   .name = "dw"});
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"activity_regularizer", "depth_multiplier", "kernel_size", "strides", "padding",
                        "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer",
                        "bias_initializer", "depthwise_regularizer", "bias_regularizer", "depthwise_constraint",
                        "bias_constraint"}));
  CHECK(c["depth_multiplier"] == 2);
  CHECK(c["depthwise_initializer"]["class_name"] == "Ones");
  CHECK(c["depthwise_constraint"]["class_name"] == "NonNeg");
  CHECK(DepthwiseConv2D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  Tensor x = random_tensor({1, 4, 4, 2});
  conv.maybe_build(x.shape());
  CHECK(conv.get_weights()[0].shape() == Shape{3, 3, 2, 2});
  CHECK(conv.get_weights()[1].shape() == Shape{4});
  check_penalties(conv, x, {{"kernel", true, 0.5}, {"bias", false, 0.25}}, 0.125);
  CHECK(DepthwiseConv2D(3, DepthwiseConv2D::Options{.depth_multiplier = 2}).compute_output_shape({-1, 7, 7, 5}) ==
        Shape{-1, 5, 5, 10});
}

TEST_CASE("DepthwiseConv2D rejects bad arguments naming the layer", "[layers][depthwise_conv2d][errors]") {
  REQUIRE_THROWS_WITH(DepthwiseConv2D(3, DepthwiseConv2D::Options{.depth_multiplier = 0, .name = "d"}),
                      Catch::Contains("\"d\"") && Catch::Contains("depth_multiplier=0"));
  REQUIRE_THROWS_WITH(DepthwiseConv2D(Size2{3, 0}), Catch::Contains("kernel_size"));
  REQUIRE_THROWS_WITH(DepthwiseConv2D(3, DepthwiseConv2D::Options{.padding = "causal"}), Catch::Contains("'causal'"));
  DepthwiseConv2D conv(5, DepthwiseConv2D::Options{.name = "w"});
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 4, 4, 1})),
                      Catch::Contains("DepthwiseConv2D \"w\"") && Catch::Contains("negative"));
}
