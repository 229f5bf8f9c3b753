// ActivityRegularization: the identity whose outputs add an L1/L2 penalty to losses() and to a
// model's training loss.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "layers/regularization/activity_regularization.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;


TEST_CASE("ActivityRegularization satisfies the layer contract", "[layers][activity_regularization]") {
  run_layer_test({.make = [] { return std::make_shared<ActivityRegularization>(0.1, 0.2); },
                  .input_shape = {2, 3},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {}});
}

TEST_CASE("ActivityRegularization adds l1 * sum|x| + l2 * sum x^2", "[layers][activity_regularization]") {
  ActivityRegularization reg(0.5, 0.25);
  Tensor x = tensor({1, -2, 3}, {1, 3});
  check_close(forward(reg, x), {1, -2, 3}, 0, 0);
  std::vector<Tensor> losses = reg.losses();
  REQUIRE(losses.size() == 1);
  // 0.5 * 6 + 0.25 * 14
  CHECK(losses[0].item() == Approx(6.5));
  reg.clear_losses();
  CHECK(reg.losses().empty());
  ActivityRegularization none;
  forward(none, x);
  CHECK(none.losses().at(0).item() == 0.0);
}

TEST_CASE("Activity penalties are divided by the batch size, as in Keras 3.14+", "[layers][activity_regularization]") {
  ActivityRegularization reg(0.5, 0.25);
  forward(reg, tensor({1, -2, 3, 1, 1, 1}, {2, 3}));
  // (0.5 * 9 + 0.25 * 17) / 2
  CHECK(reg.losses().at(0).item() == Approx(4.375));
}

TEST_CASE("A model's loss includes the activity penalty", "[layers][activity_regularization]") {
  Sequential model{Input({2}), Dense(1, Dense::Options{.kernel_initializer = "ones"}), ActivityRegularization(0.5)};
  model.compile({.optimizer = "sgd", .loss = "mse"});
  // Prediction 1 + 2 = 3, target 1: mse 4, plus 0.5 * |3|.
  CHECK(model.evaluate(tensor({1, 2}, {1, 2}), tensor({1}, {1, 1}), {.verbose = 0}).loss() ==
        Approx(5.5).epsilon(1e-6));
}

TEST_CASE("ActivityRegularization config and errors", "[layers][activity_regularization][config]") {
  ActivityRegularization reg(0.01, 0.02, ActivityRegularization::Options{.name = "act"});
  Json c = reg.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "l1", "l2"});
  CHECK(c["l1"] == 0.01);
  CHECK(ActivityRegularization::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(ActivityRegularization(-1.0, 0.0, ActivityRegularization::Options{.name = "act"}),
                      Catch::Contains("ActivityRegularization layer \"act\"") && Catch::Contains("l1=-1"));
  // Masks pass through.
  Tensor x = Tensor::ones({1, 2, 3});
  x.set_mask(tensor({1, 0}, {1, 2}));
  CHECK(forward(reg, x).mask().defined());
}
