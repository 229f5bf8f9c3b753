#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/separable_conv1d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("SeparableConv1D satisfies the layer contract", "[layers][separable_conv1d]") {
  run_layer_test({.make = [] { return std::make_shared<SeparableConv1D>(4, 3); },
                  .input_shape = {2, 7, 3},
                  .expected_output_shape = Shape{2, 5, 4},
                  .weight_names = {"depthwise_kernel", "pointwise_kernel", "bias"}});
  run_layer_test(
      {.make =
           [] {
             return std::make_shared<SeparableConv1D>(
                 2, 3,
                 SeparableConv1D::Options{.strides = 2, .padding = "same", .depth_multiplier = 2, .use_bias = false});
           },
       .input_shape = {1, 7, 2},
       .expected_output_shape = Shape{1, 4, 2},
       .weight_names = {"depthwise_kernel", "pointwise_kernel"}});
}

TEST_CASE("SeparableConv1D is a depthwise then a pointwise convolution", "[layers][separable_conv1d]") {
  Tensor x = random_tensor({2, 8, 3}, -1, 1, 91);
  SeparableConv1D conv(5, 3, SeparableConv1D::Options{.dilation_rate = 2, .depth_multiplier = 3});
  conv.maybe_build(x.shape());
  Tensor dk = random_tensor({3, 3, 3}, -1, 1, 92), pk = random_tensor({1, 9, 5}, -1, 1, 93);
  Tensor b = random_tensor({5}, -1, 1, 94);
  conv.set_weights({dk, pk, b});
  Shape mid_shape;
  std::vector<double> mid = naive::depthwise_conv(x, dk, Tensor(), {{3}, {1}, {2}}, &mid_shape);
  Tensor mid_t = Tensor::from_vector(std::vector<float>(mid.begin(), mid.end()), mid_shape);
  check_close(forward(conv, x), naive::conv(mid_t, pk, b, {{1}, {1}, {1}}, 1), 1e-5, 1e-4);
}

TEST_CASE("SeparableConv1D serialises Keras' fields", "[layers][separable_conv1d]") {
  SeparableConv1D conv(6, 5, SeparableConv1D::Options{.strides = 3, .name = "s1"});
  Json c = conv.get_config();
  CHECK(c["kernel_size"] == Json::array({5}));
  CHECK(c["strides"] == Json::array({3}));
  CHECK(c["filters"] == 6);
  CHECK(SeparableConv1D::from_config(c)->get_config().dump() == c.dump());
  CHECK(conv.compute_output_shape({4, 11, 2}) == Shape{4, 3, 6});
  conv.maybe_build({-1, 11, 2});
  CHECK(conv.get_weights()[1].shape() == Shape{1, 2, 6});
  REQUIRE_THROWS_WITH(SeparableConv1D(2, 3, SeparableConv1D::Options{.padding = "causal", .name = "sc"}),
                      Catch::Contains("\"sc\"") && Catch::Contains("'causal'"));
}
