#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv1d_transpose.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv1DTranspose satisfies the layer contract", "[layers][conv1d_transpose]") {
  run_layer_test({.make = [] { return std::make_shared<Conv1DTranspose>(3, 3); },
                  .input_shape = {2, 5, 2},
                  .expected_output_shape = Shape{2, 7, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv1DTranspose>(
                            2, 4, Conv1DTranspose::Options{.strides = 3, .padding = "same", .use_bias = false});
                      },
                  .input_shape = {1, 4, 3},
                  .expected_output_shape = Shape{1, 12, 2},
                  .weight_names = {"kernel"}});
}

TEST_CASE("Conv1DTranspose matches TensorFlow's transposed convolution", "[layers][conv1d_transpose]") {
  Tensor x = random_tensor({2, 5, 3}, -1, 1, 51);
  struct Case {
    Conv1DTranspose::Options options;
    int kernel;
    naive::Window w;
    std::int64_t length;
  };
  const std::vector<Case> cases = {
      {{.strides = 2}, 3, {{3}, {2}, {1}}, 11},                                               // (5 - 1) * 2 + 3
      {{.strides = 2, .output_padding = 1}, 3, {{3}, {2}, {1}}, 12},                          // ... + output_padding 1
      {{.strides = 4, .padding = "same"}, 3, {{3}, {4}, {1}, true}, 20},                      // 5 * 4
      {{.strides = 2, .padding = "same", .output_padding = 1}, 4, {{4}, {2}, {1}, true}, 9},  // 4 * 2 + 0 + 1
      {{.dilation_rate = 3}, 2, {{2}, {1}, {3}}, 8},                                          // 4 + dilated kernel 4
  };
  unsigned seed = 52;
  for (const auto& c : cases) {
    Conv1DTranspose layer(2, c.kernel, c.options);
    layer.maybe_build(x.shape());
    Tensor k = random_tensor({c.kernel, 2, 3}, -1, 1, seed++), b = random_tensor({2}, -1, 1, seed++);
    layer.set_weights({k, b});
    Tensor y = forward(layer, x);
    REQUIRE(y.shape() == Shape{2, c.length, 2});
    check_close(y, naive::conv_transpose(x, k, b, c.w, {c.length}), 1e-5, 1e-5);
  }
}

TEST_CASE("Conv1DTranspose serialises Keras' fields", "[layers][conv1d_transpose]") {
  Conv1DTranspose conv(4, 3, Conv1DTranspose::Options{.strides = 2, .output_padding = 1, .name = "u"});
  Json c = conv.get_config();
  CHECK(
      config_keys(c) ==
      with_base_keys({"filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate",
                      "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                      "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"}));
  CHECK(c["kernel_size"] == Json::array({3}));
  CHECK(c["output_padding"] == Json::array({1}));
  CHECK(Conv1DTranspose::from_config(c)->get_config().dump() == c.dump());
  CHECK(conv.compute_output_shape({-1, -1, 5}) == Shape{-1, -1, 4});
  conv.maybe_build({-1, 6, 5});
  CHECK(conv.get_weights()[0].shape() == Shape{3, 4, 5});
}

TEST_CASE("Conv1DTranspose rejects bad arguments naming the layer", "[layers][conv1d_transpose][errors]") {
  REQUIRE_THROWS_WITH(Conv1DTranspose(2, 3, Conv1DTranspose::Options{.output_padding = 1, .name = "o"}),
                      Catch::Contains("\"o\"") && Catch::Contains("output_padding=(1,)"));
  REQUIRE_THROWS_WITH(Conv1DTranspose(2, 3, Conv1DTranspose::Options{.strides = 0}), Catch::Contains("strides=(0,)"));
  REQUIRE_THROWS_WITH(Conv1DTranspose(2, 3, Conv1DTranspose::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
}
