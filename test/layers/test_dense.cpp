#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "optimizers/sgd.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Dense satisfies the layer contract", "[layers][dense]") {
  run_layer_test({.make = [] { return std::make_shared<Dense>(4, Dense::Options{.activation = "tanh"}); },
                  .input_shape = {2, 3},
                  .expected_output_shape = Shape{2, 4},
                  .weight_names = {"kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<Dense>(3, Dense::Options{.use_bias = false}); },
                  .input_shape = {2, 5, 4},
                  .expected_output_shape = Shape{2, 5, 3},
                  .weight_names = {"kernel"}});
}

TEST_CASE("Dense computes inputs . kernel + bias", "[layers][dense]") {
  Dense dense(2);
  dense.maybe_build({-1, 3});
  dense.set_weights({tensor({1, 2, 3, 4, 5, 6}, {3, 2}), tensor({0.5f, -1}, {2})});
  // [1, 0, -1] . [[1,2],[3,4],[5,6]] = [1-5, 2-6] = [-4, -4]; + bias.
  check_close(forward(dense, tensor({1, 0, -1}, {1, 3})), {-3.5, -5.0});
  CHECK(dense.count_params() == 8);
}

TEST_CASE("Dense matches Keras-computed outputs", "[layers][dense][keras-samples]") {
  for (const auto& c : load_kerasjs_cases("Dense")) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    Dense dense(c.layer_config["args"][0].get<int>(),
                Dense::Options{.activation = kw.value("activation", "linear"), .use_bias = kw.value("use_bias", true)});
    dense.maybe_build(c.input.shape());
    dense.set_weights(c.weights);
    check_close(forward(dense, c.input), c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("Dense rejects bad arguments and inputs with clear errors", "[layers][dense][errors]") {
  REQUIRE_THROWS_WITH(Dense(0), Catch::Contains("units=0"));
  REQUIRE_THROWS_WITH(Dense(3, "relux"), Catch::Contains("Unknown activation 'relux'") && Catch::Contains("relu"));
  Dense dense(2, Dense::Options{.name = "clf"});
  dense.maybe_build({-1, 3});
  REQUIRE_THROWS_WITH(dense(Tensor::zeros({4, 5})), Catch::Contains("layer \"clf\"") && Catch::Contains("value 3") &&
                                                        Catch::Contains("(4, 5)"));
  REQUIRE_THROWS_WITH(Dense::from_config(Json{{"name", "d"}, {"units", "ten"}}),
                      Catch::Contains("Dense layer \"d\"") && Catch::Contains("'units'"));
}

TEST_CASE("Dense regularizers add their penalties to losses()", "[layers][dense][regularizers]") {
  Dense dense(2, Dense::Options{.kernel_regularizer = regularizers::L2(0.1), .bias_regularizer = regularizers::L1(0.5),
                                .activity_regularizer = regularizers::L1(0.01)});
  dense.maybe_build({-1, 2});
  dense.set_weights({tensor({1, -2, 3, 0}, {2, 2}), tensor({-1, 2}, {2})});
  std::vector<Tensor> losses = dense.losses();
  REQUIRE(losses.size() == 2);
  CHECK(losses[0].item() == Approx(1.4));  // 0.1 * (1 + 4 + 9)
  CHECK(losses[1].item() == Approx(1.5));  // 0.5 * (1 + 2)
  // The activity term comes first after a call: [1, 1] . kernel + bias = [3, 0], and 0.01 * 3.
  forward(dense, tensor({1, 1}, {1, 2}));
  losses = dense.losses();
  REQUIRE(losses.size() == 3);
  CHECK(losses[0].item() == Approx(0.03));
}

TEST_CASE("Dense regularizer and constraint configs use Keras' keys and order", "[layers][dense][config]") {
  Dense dense(3, Dense::Options{.kernel_regularizer = "l2", .activity_regularizer = regularizers::L1L2(0.1, 0.2),
                                .kernel_constraint = constraints::MaxNorm(3.0), .bias_constraint = "non_neg"});
  Json c = dense.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "activity_regularizer", "units", "activation",
                                         "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                                         "bias_regularizer", "kernel_constraint", "bias_constraint"});
  CHECK(c["kernel_regularizer"] == Json{{"module", "keras.regularizers"},
                                        {"class_name", "L2"},
                                        {"config", {{"l2", 0.01}}},
                                        {"registered_name", nullptr}});
  CHECK(c["activity_regularizer"]["config"] == Json{{"l1", 0.1}, {"l2", 0.2}});
  CHECK(c["bias_regularizer"].is_null());
  CHECK(c["kernel_constraint"]["config"] == Json{{"max_value", 3.0}, {"axis", 0}});
  CHECK(c["bias_constraint"]["class_name"] == "NonNeg");
  auto copy = Dense::from_config(Json::parse(c.dump()));
  CHECK(copy->get_config().dump() == c.dump());
  copy->maybe_build({-1, 2});
  CHECK(copy->weights()[0]->regularizer);
  CHECK(copy->weights()[1]->constraint);
  // Without an activity regularizer the key is absent, as in Keras' base config.
  CHECK_FALSE(Dense(2).get_config().contains("activity_regularizer"));
  REQUIRE_THROWS_WITH(Dense::from_config(Json{{"name", "d"}, {"units", 2}, {"bias_constraint", "positive"}}),
                      Catch::Contains("Dense layer \"d\"") && Catch::Contains("'bias_constraint'") &&
                          Catch::Contains("positive"));
}

TEST_CASE("A model's loss includes the weight regularization penalty", "[layers][dense][regularizers]") {
  Sequential model{Input({2}), Dense(1, Dense::Options{.kernel_initializer = "ones",
                                                       .kernel_regularizer = regularizers::L2(0.1)})};
  model.compile({.optimizer = "sgd", .loss = "mse"});
  Tensor x = tensor({1, 2, 0, 1}, {2, 2}), y = tensor({1, 1}, {2, 1});
  // Predictions 3 and 1: mse (4 + 0) / 2 = 2, plus 0.1 * (1 + 1).
  CHECK(model.evaluate(x, y, {.verbose = 0}).loss() == Approx(2.2).epsilon(1e-6));
  // Training on the penalty alone (a perfect fit) shrinks the kernel: d/dk 0.1 * k^2 = 0.2 k.
  Sequential shrink{Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "ones",
                                                        .kernel_regularizer = regularizers::L2(0.1)})};
  shrink.compile({.optimizer = optimizers::SGD({.learning_rate = 0.5}), .loss = "mse"});
  shrink.train_on_batch(Tensor::zeros({4, 1}), Tensor::zeros({4, 1}));
  check_close(shrink.layers()[0]->weights()[0]->value(), {1.0 - 0.5 * 0.2}, 1e-6, 0);
}

TEST_CASE("Frozen weights add no penalty; activity penalties do not pile up over calls",
          "[layers][dense][regularizers]") {
  Dense dense(1, Dense::Options{.kernel_initializer = "ones", .kernel_regularizer = regularizers::L2(0.1),
                                .activity_regularizer = regularizers::L1(1.0)});
  Tensor x = tensor({1, 2}, {1, 2});
  for (int call = 0; call < 3; ++call) dense(x);
  // The last call's activity penalty |3| / batch 1, then the kernel's 0.1 * (1 + 1).
  REQUIRE(dense.losses().size() == 2);
  CHECK(dense.losses()[0].item() == Approx(3.0));
  CHECK(dense.losses()[1].item() == Approx(0.2));
  dense.set_trainable(false);
  dense(x);
  CHECK(dense.losses().size() == 1);  // Keras regularizes trainable weights only
}

TEST_CASE("Constraints project the weights after each optimizer step", "[layers][dense][constraints]") {
  Sequential model{Input({3}), Dense(2, Dense::Options{.kernel_constraint = constraints::MaxNorm(0.5),
                                                       .bias_constraint = constraints::NonNeg()})};
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 1.0}), .loss = "mse"});
  Tensor x = random_tensor({16, 3}), y = random_tensor({16, 2}, -5.0f, -3.0f);
  Variable* kernel = model.layers()[0]->weights()[0];
  Variable* bias = model.layers()[0]->weights()[1];
  for (int step = 0; step < 3; ++step) {
    Tensor before = kernel->value().clone();
    model.train_on_batch(x, y);
    CHECK(ops::sum(ops::abs(ops::subtract(kernel->value(), before))).item() > 0);  // the step moved it
    // Each unit's incoming weights have norm <= 0.5; the bias, pushed negative by the targets, stays >= 0.
    std::vector<double> norms = ops::sqrt(ops::sum(ops::square(kernel->value()), {0})).to_vector<double>();
    for (double n : norms) CHECK(n <= 0.5 + 1e-6);
    for (double b : bias->value().to_vector<double>()) CHECK(b >= 0.0);
  }
}
