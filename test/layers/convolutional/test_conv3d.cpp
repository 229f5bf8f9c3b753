#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv3d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv3D satisfies the layer contract", "[layers][conv3d]") {
  run_layer_test({.make = [] { return std::make_shared<Conv3D>(2, 2, Conv3D::Options{.activation = "tanh"}); },
                  .input_shape = {2, 3, 4, 3, 2},
                  .expected_output_shape = Shape{2, 2, 3, 2, 2},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv3D>(
                            4, Size3{3, 1, 2},
                            Conv3D::Options{.strides = {2, 1, 2}, .padding = "same", .groups = 2, .use_bias = false});
                      },
                  .input_shape = {1, 5, 2, 4, 2},
                  .expected_output_shape = Shape{1, 3, 2, 2, 4},
                  .weight_names = {"kernel"}});
}

TEST_CASE("Conv3D matches a naive convolution", "[layers][conv3d]") {
  Tensor x = random_tensor({2, 5, 4, 6, 3}, -1, 1, 31);
  Conv3D conv(4, Size3{2, 3, 2}, Conv3D::Options{.padding = "same", .dilation_rate = {2, 1, 2}});
  conv.maybe_build(x.shape());
  Tensor k = random_tensor({2, 3, 2, 3, 4}, -1, 1, 32), b = random_tensor({4}, -1, 1, 33);
  conv.set_weights({k, b});
  check_close(forward(conv, x), naive::conv(x, k, b, {{2, 3, 2}, {1, 1, 1}, {2, 1, 2}, true}, 1), 1e-5, 1e-5);
  // A 1x1x1 kernel mixes channels only: each output voxel is kernel^T x + bias.
  Conv3D mix(2, 1);
  mix.maybe_build({-1, 1, 1, 2, 2});
  mix.set_weights({tensor({1, 2, 3, 4}, {1, 1, 1, 2, 2}), tensor({10, 20}, {2})});
  check_close(forward(mix, tensor({1, 1, 0, 2}, {1, 1, 1, 2, 2})), {14, 26, 16, 28});
}

TEST_CASE("Conv3D output shapes and config", "[layers][conv3d]") {
  CHECK(Conv3D(8, 3).compute_output_shape({-1, 10, 9, 8, 1}) == Shape{-1, 8, 7, 6, 8});
  CHECK(Conv3D(8, 3, Conv3D::Options{.strides = {1, 2, 3}}).compute_output_shape({2, 10, 9, -1, 1}) ==
        Shape{2, 8, 4, -1, 8});
  Conv3D conv(5, Size3{1, 2, 3}, Conv3D::Options{.strides = 2, .padding = "same", .name = "c3"});
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
                        "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                        "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"}));
  CHECK(c["kernel_size"] == Json::array({1, 2, 3}));
  CHECK(c["strides"] == Json::array({2, 2, 2}));
  CHECK(c["dilation_rate"] == Json::array({1, 1, 1}));
  CHECK(Conv3D::from_config(c)->get_config().dump() == c.dump());
  // "l2" is Keras' L2 with its default factor 0.01.
  Conv3D reg(2, 2, Conv3D::Options{.kernel_regularizer = "l2", .activity_regularizer = regularizers::L2(0.5)});
  check_penalties(reg, random_tensor({1, 3, 3, 3, 2}), {{"kernel", false, 0.01}}, 0.5);
}

TEST_CASE("Conv3D rejects bad arguments and inputs naming the layer", "[layers][conv3d][errors]") {
  REQUIRE_THROWS_WITH(Conv3D(2, Size3{2, 0, 2}, Conv3D::Options{.name = "z"}),
                      Catch::Contains("\"z\"") && Catch::Contains("kernel_size=(2, 0, 2)"));
  REQUIRE_THROWS_WITH(Conv3D(2, 3, Conv3D::Options{.padding = "causal"}), Catch::Contains("'causal'"));
  Conv3D conv(2, 3, Conv3D::Options{.name = "c"});
  REQUIRE_THROWS_WITH(forward(conv, Tensor::zeros({1, 5, 5, 1})),
                      Catch::Contains("\"c\"") && Catch::Contains("expected ndim=5"));
  REQUIRE_THROWS_WITH(conv.compute_output_shape({-1, 5, 2, 5, 1}),
                      Catch::Contains("Conv3D \"c\"") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(Conv3D::from_config(Json{{"filters", 2}, {"kernel_size", {3, 3}}}),
                      Catch::Contains("Conv3D layer") && Catch::Contains("list of 3 integers"));
}
