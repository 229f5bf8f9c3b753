#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv1d.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/conv_layer_checks.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Conv1D satisfies the layer contract", "[layers][conv1d]") {
  run_layer_test({.make = [] { return std::make_shared<Conv1D>(3, 3, Conv1D::Options{.activation = "tanh"}); },
                  .input_shape = {2, 7, 2},
                  .expected_output_shape = Shape{2, 5, 3},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Conv1D>(
                            4, 3, Conv1D::Options{.strides = 2, .padding = "same", .groups = 2, .use_bias = false});
                      },
                  .input_shape = {2, 7, 4},
                  .expected_output_shape = Shape{2, 4, 4},
                  .weight_names = {"kernel"}});
  run_layer_test(
      {.make = [] { return std::make_shared<Conv1D>(2, 2, Conv1D::Options{.padding = "causal", .dilation_rate = 2}); },
       .input_shape = {1, 6, 3},
       .expected_output_shape = Shape{1, 6, 2},
       .weight_names = {"kernel", "bias"}});
}

TEST_CASE("Conv1D matches a naive convolution", "[layers][conv1d]") {
  Tensor x = random_tensor({2, 8, 4}, -1, 1, 11);
  SECTION("grouped, strided, same padding") {
    Conv1D conv(6, 3, Conv1D::Options{.strides = 2, .padding = "same", .groups = 2});
    conv.maybe_build(x.shape());
    Tensor k = random_tensor({3, 2, 6}, -1, 1, 12), b = random_tensor({6}, -1, 1, 13);
    conv.set_weights({k, b});
    CHECK(conv.get_weights()[0].shape() == Shape{3, 2, 6});
    check_close(forward(conv, x), naive::conv(x, k, b, {{3}, {2}, {1}, true}, 2), 1e-5, 1e-5);
  }
  SECTION("causal padding pads the past only") {
    Conv1D conv(3, 3, Conv1D::Options{.padding = "causal", .dilation_rate = 2, .use_bias = false});
    conv.maybe_build(x.shape());
    Tensor k = random_tensor({3, 4, 3}, -1, 1, 14);
    conv.set_weights({k});
    // Reference: (3 - 1) * 2 = 4 zero steps before the input, then a valid convolution.
    std::vector<float> padded(static_cast<std::size_t>(2 * 12 * 4), 0.0f), xv = x.to_vector<float>();
    for (int n = 0; n < 2; ++n)
      for (int t = 0; t < 8; ++t)
        for (int c = 0; c < 4; ++c)
          padded[static_cast<std::size_t>((n * 12 + t + 4) * 4 + c)] =
              xv[static_cast<std::size_t>((n * 8 + t) * 4 + c)];
    Tensor y = forward(conv, x);
    REQUIRE(y.shape() == Shape{2, 8, 3});
    check_close(y, naive::conv(tensor(padded, {2, 12, 4}), k, Tensor(), {{3}, {1}, {2}}, 1), 1e-5, 1e-5);
    // Causality: changing step 5 leaves outputs 0..4 unchanged.
    xv[static_cast<std::size_t>((0 * 8 + 5) * 4 + 1)] += 1.0f;
    Tensor y2 = forward(conv, tensor(xv, {2, 8, 4}));
    check_close(ops::slice(y2, {0, 0, 0}, {2, 5, 3}), ops::slice(y, {0, 0, 0}, {2, 5, 3}), 0, 0);
    CHECK(y2.to_vector<float>() != y.to_vector<float>());
  }
}

TEST_CASE("Conv1D matches Keras-computed outputs", "[layers][conv1d][keras-samples]") {
  auto cases = load_kerasjs_cases("Conv1D");
  if (cases.empty()) return;
  CHECK(cases.size() == 5);
  for (const auto& c : cases) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    Conv1D conv(c.layer_config["args"][0].get<int>(), c.layer_config["args"][1].get<int>(),
                Conv1D::Options{.strides = kw["strides"].get<int>(),
                                .padding = kw["padding"].get<std::string>(),
                                .dilation_rate = kw["dilation_rate"].get<int>(),
                                .activation = kw["activation"].get<std::string>(),
                                .use_bias = kw["use_bias"].get<bool>()});
    conv.maybe_build(c.input.shape());
    conv.set_weights(c.weights);
    CHECK(conv.compute_output_shape(c.input.shape()) == c.expected.shape());
    check_close(forward(conv, c.input), c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("Conv1D output shapes follow Keras' compute_conv_output_shape", "[layers][conv1d]") {
  CHECK(Conv1D(8, 3).compute_output_shape({-1, 10, 2}) == Shape{-1, 8, 8});
  CHECK(Conv1D(8, 3, Conv1D::Options{.strides = 3}).compute_output_shape({4, 10, 2}) == Shape{4, 3, 8});
  CHECK(Conv1D(8, 4, Conv1D::Options{.strides = 3, .padding = "same"}).compute_output_shape({1, 10, 2}) ==
        Shape{1, 4, 8});
  CHECK(Conv1D(8, 4, Conv1D::Options{.padding = "causal", .dilation_rate = 3}).compute_output_shape({1, 10, 2}) ==
        Shape{1, 10, 8});
  CHECK(Conv1D(8, 3).compute_output_shape({-1, -1, 2}) == Shape{-1, -1, 8});
}

TEST_CASE("Conv1D serialises Keras' fields, regularizers and constraints", "[layers][conv1d]") {
  Conv1D conv(4, 3,
              Conv1D::Options{.padding = "CAUSAL",
                              .groups = 2,
                              .kernel_regularizer = regularizers::L2(0.5),
                              .bias_regularizer = regularizers::L1(0.25),
                              .activity_regularizer = regularizers::L2(0.125),
                              .kernel_constraint = constraints::NonNeg(),
                              .bias_constraint = constraints::MaxNorm(3.0),
                              .name = "c1"});
  Tensor x = random_tensor({2, 6, 2}, -1, 1, 3);
  conv.maybe_build(x.shape());
  conv.set_weights({random_tensor({3, 1, 4}, -1, 1, 4), random_tensor({4}, -1, 1, 5)});
  check_penalties(conv, x, {{"kernel", false, 0.5}, {"bias", true, 0.25}}, 0.125);
  CHECK(conv.weights()[0]->constraint->class_name() == "NonNeg");
  CHECK(conv.weights()[1]->constraint->class_name() == "MaxNorm");
  Json c = conv.get_config();
  CHECK(config_keys(c) ==
        with_base_keys({"activity_regularizer", "filters", "kernel_size", "strides", "padding", "data_format",
                        "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
                        "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint",
                        "bias_constraint"}));
  CHECK(c["kernel_size"] == Json::array({3}));
  CHECK(c["strides"] == Json::array({1}));
  CHECK(c["padding"] == "causal");
  CHECK(c["groups"] == 2);
  CHECK(c["kernel_regularizer"]["class_name"] == "L2");
  CHECK(c["bias_regularizer"]["class_name"] == "L1");
  CHECK(c["activity_regularizer"]["config"]["l2"] == 0.125);
  CHECK(c["kernel_constraint"]["class_name"] == "NonNeg");
  CHECK(c["bias_constraint"]["class_name"] == "MaxNorm");
  auto copy = Conv1D::from_config(Json::parse(c.dump()));
  CHECK(copy->get_config().dump() == c.dump());
  CHECK(Conv1D(2, 3).get_config()["kernel_regularizer"].is_null());
}

TEST_CASE("Conv1D rejects bad arguments and inputs naming the layer", "[layers][conv1d][errors]") {
  REQUIRE_THROWS_WITH(Conv1D(0, 3), Catch::Contains("filters=0"));
  REQUIRE_THROWS_WITH(Conv1D(3, 3, Conv1D::Options{.groups = 2, .name = "g"}),
                      Catch::Contains("\"g\"") && Catch::Contains("groups=2") && Catch::Contains("filters=3"));
  REQUIRE_THROWS_WITH(Conv1D(2, 3, Conv1D::Options{.groups = 0}), Catch::Contains("groups=0"));
  REQUIRE_THROWS_WITH(Conv1D(2, 0, Conv1D::Options{.name = "k"}),
                      Catch::Contains("\"k\"") && Catch::Contains("kernel_size"));
  REQUIRE_THROWS_WITH(Conv1D(2, 3, Conv1D::Options{.strides = 2, .dilation_rate = 2}),
                      Catch::Contains("strides > 1") && Catch::Contains("dilation_rate > 1"));
  REQUIRE_THROWS_WITH(Conv1D(2, 3, Conv1D::Options{.padding = "full", .name = "p"}),
                      Catch::Contains("\"p\"") && Catch::Contains("'full'") && Catch::Contains("'causal'"));
  REQUIRE_THROWS_WITH(Conv1D(2, 3, Conv1D::Options{.data_format = "channels_first", .name = "cf"}),
                      Catch::Contains("\"cf\"") && Catch::Contains("channels_first"));
  Conv1D grouped(4, 3, Conv1D::Options{.groups = 2, .name = "grouped"});
  REQUIRE_THROWS_WITH(grouped.maybe_build({-1, 5, 3}),
                      Catch::Contains("\"grouped\"") && Catch::Contains("3 channels") && Catch::Contains("groups=2"));
  Conv1D big(2, 6, Conv1D::Options{.name = "big"});
  REQUIRE_THROWS_WITH(big.compute_output_shape({-1, 4, 1}), Catch::Contains("Conv1D \"big\"") &&
                                                                Catch::Contains("negative") &&
                                                                Catch::Contains("(None, 4, 1)"));
  REQUIRE_THROWS_WITH(forward(big, Tensor::zeros({1, 4, 4, 1})),
                      Catch::Contains("\"big\"") && Catch::Contains("expected ndim=3"));
  REQUIRE_THROWS_WITH(Conv1D::from_config(Json{{"name", "j"}, {"filters", 2}, {"kernel_size", {3, 3}}}),
                      Catch::Contains("Conv1D layer \"j\"") && Catch::Contains("'kernel_size'"));
}
