#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/separable_conv2d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("SeparableConv2D satisfies the layer contract", "[layers][separable_conv2d]") {
  run_layer_test({.make = [] { return std::make_shared<SeparableConv2D>(4, 3, "tanh"); },
                  .input_shape = {2, 5, 4, 3},
                  .expected_output_shape = Shape{2, 3, 2, 4},
                  .weight_names = {"depthwise_kernel", "pointwise_kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<SeparableConv2D>(
                            2, Size2{2, 3},
                            SeparableConv2D::Options{.strides = 2, .padding = "same", .depth_multiplier = 2});
                      },
                  .input_shape = {1, 5, 5, 2},
                  .expected_output_shape = Shape{1, 3, 3, 2},
                  .weight_names = {"depthwise_kernel", "pointwise_kernel", "bias"}});
}

TEST_CASE("SeparableConv2D is a depthwise then a pointwise convolution", "[layers][separable_conv2d]") {
  Tensor x = random_tensor({2, 6, 5, 3}, -1, 1, 81);
  SeparableConv2D conv(4, Size2{3, 2},
                       SeparableConv2D::Options{.padding = "same", .dilation_rate = {1, 2}, .depth_multiplier = 2});
  conv.maybe_build(x.shape());
  Tensor dk = random_tensor({3, 2, 3, 2}, -1, 1, 82), pk = random_tensor({1, 1, 6, 4}, -1, 1, 83);
  Tensor b = random_tensor({4}, -1, 1, 84);
  conv.set_weights({dk, pk, b});
  Shape mid_shape;
  std::vector<double> mid = naive::depthwise_conv(x, dk, Tensor(), {{3, 2}, {1, 1}, {1, 2}, true}, &mid_shape);
  Tensor mid_t = Tensor::from_vector(std::vector<float>(mid.begin(), mid.end()), mid_shape);
  check_close(forward(conv, x), naive::conv(mid_t, pk, b, {{1, 1}, {1, 1}, {1, 1}}, 1), 1e-5, 1e-4);
  CHECK(conv.count_params() == 3 * 2 * 3 * 2 + 6 * 4 + 4);
}

TEST_CASE("SeparableConv2D serialises Keras' fields", "[layers][separable_conv2d]") {
  SeparableConv2D conv(8, 3,
                       SeparableConv2D::Options{.depth_multiplier = 2,
                                                .pointwise_initializer = "ones",
                                                .depthwise_regularizer = regularizers::L2(0.5),
                                                .pointwise_regularizer = regularizers::L1(0.25),
                                                .bias_regularizer = regularizers::L2(2.0),
                                                .activity_regularizer = regularizers::L2(0.125),
                                                .pointwise_constraint = constraints::UnitNorm(),
                                                .name = "sep"});
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"activity_regularizer", "depth_multiplier", "filters", "kernel_size", "strides", "padding",
                        "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer",
                        "pointwise_initializer", "bias_initializer", "depthwise_regularizer",
                        "pointwise_regularizer", "bias_regularizer", "depthwise_constraint", "pointwise_constraint",
                        "bias_constraint"}));
  CHECK(c["pointwise_initializer"]["class_name"] == "Ones");
  CHECK(c["pointwise_constraint"]["class_name"] == "UnitNorm");
  CHECK(SeparableConv2D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  Tensor x = random_tensor({1, 4, 4, 3});
  conv.maybe_build(x.shape());
  CHECK(conv.get_weights()[0].shape() == Shape{3, 3, 3, 2});
  CHECK(conv.get_weights()[1].shape() == Shape{1, 1, 6, 8});
  check_penalties(conv, x, {{"depthwise_kernel", false, 0.5}, {"pointwise_kernel", true, 0.25}, {"bias", false, 2.0}},
                  0.125);
  CHECK(conv.weights()[1]->constraint->class_name() == "UnitNorm");
}

TEST_CASE("SeparableConv2D rejects bad arguments naming the layer", "[layers][separable_conv2d][errors]") {
  REQUIRE_THROWS_WITH(SeparableConv2D(0, 3), Catch::Contains("filters=0"));
  REQUIRE_THROWS_WITH(SeparableConv2D(2, 3, SeparableConv2D::Options{.depth_multiplier = 0, .name = "s"}),
                      Catch::Contains("\"s\"") && Catch::Contains("depth_multiplier=0"));
  SeparableConv2D conv(2, 3, SeparableConv2D::Options{.name = "s2"});
  REQUIRE_THROWS_WITH(conv.compute_output_shape({-1, 2, 5, 1}),
                      Catch::Contains("SeparableConv2D \"s2\"") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(SeparableConv2D::from_config(Json{{"kernel_size", 3}}), Catch::Contains("'filters'"));
}
