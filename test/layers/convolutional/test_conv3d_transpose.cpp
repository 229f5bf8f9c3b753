#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv3d_transpose.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv3DTranspose satisfies the layer contract", "[layers][conv3d_transpose]") {
  run_layer_test({.make = [] { return std::make_shared<Conv3DTranspose>(2, 2); },
                  .input_shape = {2, 2, 3, 2, 2},
                  .expected_output_shape = Shape{2, 3, 4, 3, 2},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv3DTranspose>(
                            3, Size3{1, 3, 2},
                            Conv3DTranspose::Options{.strides = {1, 2, 2}, .padding = "same", .use_bias = false});
                      },
                  .input_shape = {1, 2, 2, 3, 2},
                  .expected_output_shape = Shape{1, 2, 4, 6, 3},
                  .weight_names = {"kernel"}});
}

TEST_CASE("Conv3DTranspose matches TensorFlow's transposed convolution", "[layers][conv3d_transpose]") {
  Tensor x = random_tensor({2, 3, 2, 3, 2}, -1, 1, 101);
  // valid, strides (2, 1, 3), output_padding (1, 0, 2): (in - 1) * s + k + output_padding.
  Conv3DTranspose conv(
      3, Size3{2, 2, 3},
      Conv3DTranspose::Options{.strides = {2, 1, 3}, .output_padding = Size3{1, 0, 2}, .activation = "relu"});
  conv.maybe_build(x.shape());
  Tensor k = random_tensor({2, 2, 3, 3, 2}, -1, 1, 102), b = random_tensor({3}, -1, 1, 103);
  conv.set_weights({k, b});
  Tensor y = forward(conv, x);
  REQUIRE(y.shape() == Shape{2, 7, 3, 11, 3});
  std::vector<double> expected = naive::conv_transpose(x, k, b, {{2, 2, 3}, {2, 1, 3}, {1, 1, 1}}, {7, 3, 11});
  for (double& v : expected) v = std::max(v, 0.0);
  check_close(y, expected, 1e-5, 1e-5);
}

TEST_CASE("Conv3DTranspose config and errors", "[layers][conv3d_transpose]") {
  Conv3DTranspose conv(4, Size3{1, 2, 3}, Conv3DTranspose::Options{.strides = 2, .name = "t3"});
  Json c = conv.get_config();
  CHECK(
      config_keys(c) ==
      with_base_keys({"filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
                      "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                      "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"}));
  CHECK(c["kernel_size"] == Json::array({1, 2, 3}));
  CHECK(c["strides"] == Json::array({2, 2, 2}));
  CHECK(Conv3DTranspose::from_config(c)->get_config().dump() == c.dump());
  CHECK(conv.compute_output_shape({-1, 3, -1, 2, 5}) == Shape{-1, 6, -1, 5, 4});
  REQUIRE_THROWS_WITH(Conv3DTranspose(2, 2, Conv3DTranspose::Options{.strides = 2, .output_padding = Size3{0, 2, 0}}),
                      Catch::Contains("strictly less than `strides`"));
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 2, 2, 2})),
                      Catch::Contains("\"t3\"") && Catch::Contains("ndim=5"));
}
