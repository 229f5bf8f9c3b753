#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

TEST_CASE("Conv3D groups convolve channel slices into filter slices", "[layers][conv3d][groups]") {
  struct Case {
    std::string name;
    std::int64_t filters;
    Size3 kernel;
    Conv3D::Options options;
    naive::Window window;
    Shape input;
  };
  std::vector<Case> cases = {
      {"2 groups, same padding, dilated", 4, Size3{2, 3, 2},
       Conv3D::Options{.padding = "same", .dilation_rate = {1, 2, 1}, .groups = 2},
       {{2, 3, 2}, {1, 1, 1}, {1, 2, 1}, true}, {2, 4, 5, 3, 4}},
      {"3 groups, strided, valid", 6, Size3{3, 2, 2}, Conv3D::Options{.strides = {2, 1, 2}, .groups = 3},
       {{3, 2, 2}, {2, 1, 2}, {1, 1, 1}, false}, {1, 5, 3, 5, 6}},
  };
  unsigned seed = 40;
  for (const Case& c : cases) {
    INFO(c.name);
    Conv3D conv(c.filters, c.kernel, c.options);
    Tensor x = random_tensor(c.input, -1, 1, seed++);
    conv.maybe_build(x.shape());
    const std::int64_t per_group = c.input[4] / c.options.groups;
    const Shape kernel_shape{c.window.kernel[0], c.window.kernel[1], c.window.kernel[2], per_group, c.filters};
    REQUIRE(conv.get_weights()[0].shape() == kernel_shape);
    Tensor k = random_tensor(kernel_shape, -1, 1, seed++), b = random_tensor({c.filters}, -1, 1, seed++);
    conv.set_weights({k, b});
    Shape expected_shape;
    std::vector<double> expected = naive::conv(x, k, b, c.window, c.options.groups, &expected_shape);
    Tensor y = forward(conv, x);
    CHECK(y.shape() == expected_shape);
    CHECK(conv.compute_output_shape(x.shape()) == expected_shape);
    check_close(y, expected, 1e-5, 1e-5);
  }
}

TEST_CASE("Conv3D with groups has finite-difference gradients", "[layers][conv3d][groups][gradients]") {
  Conv3D conv(4, Size3{2, 2, 2}, Conv3D::Options{.padding = "same", .groups = 2});
  Tensor x = random_tensor({1, 3, 2, 3, 4}, -1, 1, 50);
  conv.maybe_build(x.shape());
  conv.set_weights({random_tensor({2, 2, 2, 2, 4}, -1, 1, 51), random_tensor({4}, -1, 1, 52)});
  std::vector<Tensor> weights;
  for (Variable* v : conv.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return conv(in[0]); }, {x}, {}, weights);
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
