// Conv2D's grouped convolution, regularizers and constraints (the rest of Conv2D is tested in
// test/layers/test_conv2d.cpp).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/conv2d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv2D with groups satisfies the layer contract", "[layers][conv2d][groups]") {
  run_layer_test({.make = [] { return std::make_shared<Conv2D>(4, 3, Conv2D::Options{.groups = 2}); },
                  .input_shape = {2, 5, 4, 6},
                  .expected_output_shape = Shape{2, 3, 2, 4},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv2D>(6, Size2{2, 3},
                                                        Conv2D::Options{.strides = 2, .padding = "same", .groups = 3});
                      },
                  .input_shape = {1, 5, 5, 3},
                  .expected_output_shape = Shape{1, 3, 3, 6},
                  .weight_names = {"kernel", "bias"}});
}

TEST_CASE("Conv2D groups convolve channel slices into filter slices", "[layers][conv2d][groups]") {
  Conv2D conv(6, Size2{3, 2}, Conv2D::Options{.padding = "same", .dilation_rate = {1, 2}, .groups = 3});
  Tensor x = random_tensor({2, 5, 6, 9}, -1, 1, 21);
  conv.maybe_build(x.shape());
  CHECK(conv.get_weights()[0].shape() == Shape{3, 2, 3, 6});
  Tensor k = random_tensor({3, 2, 3, 6}, -1, 1, 22), b = random_tensor({6}, -1, 1, 23);
  conv.set_weights({k, b});
  check_close(forward(conv, x), naive::conv(x, k, b, {{3, 2}, {1, 1}, {1, 2}, true}, 3), 1e-5, 1e-5);
  CHECK(conv.count_params() == 3 * 2 * 3 * 6 + 6);
}

TEST_CASE("Conv2D carries regularizers and constraints", "[layers][conv2d][regularizers]") {
  Conv2D conv(2, 2,
              Conv2D::Options{.kernel_regularizer = regularizers::L1(0.5),
                              .bias_regularizer = regularizers::L2(2.0),
                              .activity_regularizer = regularizers::L2(0.25),
                              .kernel_constraint = constraints::UnitNorm(),
                              .bias_constraint = "non_neg"});
  Tensor x = random_tensor({1, 4, 4, 3}, -1, 1, 24);
  conv.maybe_build(x.shape());
  conv.set_weights({random_tensor({2, 2, 3, 2}, -1, 1, 25), random_tensor({2}, -1, 1, 26)});
  check_penalties(conv, x, {{"kernel", true, 0.5}, {"bias", false, 2.0}}, 0.25);
  CHECK(conv.weights()[0]->constraint->class_name() == "UnitNorm");
  CHECK(conv.weights()[1]->constraint->class_name() == "NonNeg");
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"activity_regularizer", "filters", "kernel_size", "strides", "padding", "data_format",
                        "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
                        "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint",
                        "bias_constraint"}));
  CHECK(c["kernel_regularizer"]["config"]["l1"] == 0.5);
  CHECK(c["bias_constraint"]["class_name"] == "NonNeg");
  auto copy = Conv2D::from_config(Json::parse(c.dump()));
  CHECK(copy->get_config().dump() == c.dump());
  copy->maybe_build(x.shape());
  CHECK(copy->weights()[0]->regularizer != nullptr);
  CHECK(copy->weights()[1]->constraint != nullptr);
}

TEST_CASE("Conv2D rejects group counts that do not divide the channels", "[layers][conv2d][groups][errors]") {
  REQUIRE_THROWS_WITH(Conv2D(6, 3, Conv2D::Options{.groups = 4, .name = "g"}),
                      Catch::Contains("\"g\"") && Catch::Contains("groups=4") && Catch::Contains("filters=6"));
  REQUIRE_THROWS_WITH(Conv2D(6, 3, Conv2D::Options{.groups = -1}), Catch::Contains("groups=-1"));
  Conv2D conv(6, 3, Conv2D::Options{.groups = 2, .name = "g2"});
  REQUIRE_THROWS_WITH(conv.maybe_build({-1, 5, 5, 3}),
                      Catch::Contains("\"g2\"") && Catch::Contains("3 channels") && Catch::Contains("groups=2"));
  REQUIRE_THROWS_WITH(Conv2D::from_config(Json{{"filters", 4}, {"kernel_size", 3}, {"groups", "two"}}),
                      Catch::Contains("'groups'"));
}
