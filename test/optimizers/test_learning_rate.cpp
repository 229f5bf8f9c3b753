// Optimizers driven by a learning rate schedule, as Keras 3's BaseOptimizer runs them
// (keras/src/optimizers/base_optimizer.py): the schedule is evaluated at the count of apply
// calls before each one, learning_rate reports the scheduled value and cannot be set to a
// float, the saved state has no learning_rate variable, and the config embeds the schedule.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "optimizers/schedules/schedules.h"
#include "test/optimizers/trajectory.h"
#include "test/support/files.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;
using Catch::Matchers::Contains;

namespace {

// ExponentialDecay(0.1, 2, 0.5) at step s, in double.
double halving(int s) { return 0.1 * std::pow(0.5, s / 2.0); }

}  // namespace

TEST_CASE("SGD with a schedule uses the rate of the step before each update", "[optimizers][schedules]") {
  SGD sgd({.learning_rate = schedules::ExponentialDecay(0.1, 2, 0.5), .momentum = 0.5});
  CHECK(sgd.learning_rate() == Approx(0.1));
  // Step t (1-based) runs with iterations = t - 1.
  check_trajectory(sgd, [](double& w, double g, ElementState& s, int t) { sgd_reference(halving(t - 1), 0.5)(w, g, s, t); },
                   6);
  CHECK(sgd.learning_rate() == Approx(halving(6)).epsilon(1e-6));
}

TEST_CASE("Adam with piecewise-constant and cosine schedules follows Keras' trajectory", "[optimizers][schedules]") {
  Adam piecewise({.learning_rate = schedules::PiecewiseConstantDecay({1, 3}, {0.01, 0.005, 0.001})});
  const auto piecewise_rate = [](int s) { return s <= 1 ? 0.01 : s <= 3 ? 0.005 : 0.001; };
  check_trajectory(
      piecewise, [&](double& w, double g, ElementState& s, int t) { adam_reference(piecewise_rate(t - 1))(w, g, s, t); },
      6);

  // AdamW's decoupled decay uses the scheduled rate too.
  AdamW warm({.learning_rate = schedules::CosineDecay(0.0, 4, {.warmup_target = 0.02, .warmup_steps = 2}),
              .weight_decay = 0.1});
  const auto warm_rate = [](int s) {
    if (s < 2) return 0.02 * s / 2;
    return 0.02 * 0.5 * (1 + std::cos(3.141592653589793 * std::min(s - 2, 4) / 4));
  };
  check_trajectory(
      warm,
      [&](double& w, double g, ElementState& s, int t) {
        adam_reference(warm_rate(t - 1), 0.9, 0.999, 1e-7, false, 0.1)(w, g, s, t);
      },
      7);
}

TEST_CASE("A schedule-driven rate is not settable; a float one can become a schedule", "[optimizers][schedules]") {
  SGD scheduled({.learning_rate = schedules::InverseTimeDecay(0.1, 1, 1.0)});
  CHECK_THROWS_AS(scheduled.set_learning_rate(0.5), ValueError);
  CHECK_THROWS_WITH(scheduled.set_learning_rate(0.5), Contains("hence its learning rate is not settable"));
  CHECK(scheduled.learning_rate_schedule() != nullptr);

  SGD plain({.learning_rate = 0.1});
  TwoVariables vars;
  plain.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  CHECK(plain.variable_names() == std::vector<std::string>{"iteration", "learning_rate"});
  // As Keras' setter: the learning_rate variable is dropped once a schedule drives the rate.
  plain.set_learning_rate(schedules::InverseTimeDecay(0.1, 1, 1.0));
  CHECK(plain.variable_names() == std::vector<std::string>{"iteration"});
  CHECK(plain.learning_rate() == Approx(0.05));
  CHECK_THROWS_WITH(LearningRate(std::shared_ptr<const schedules::LearningRateSchedule>()), Contains("null"));
  CHECK_THROWS_WITH(SGD({.learning_rate = -1.0}), Contains("learning_rate must be non-negative"));
}

TEST_CASE("With a schedule the saved state has no learning_rate variable", "[optimizers][schedules]") {
  Adam adam({.learning_rate = schedules::ExponentialDecay(0.01, 10, 0.9)});
  TwoVariables vars;
  for (int k = 0; k < 3; ++k) adam.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
  CHECK(adam.variable_names() == std::vector<std::string>{"iteration", "dense_kernel_momentum",
                                                          "dense_kernel_velocity", "dense_bias_momentum",
                                                          "dense_bias_velocity"});
  const std::vector<Tensor> state = adam.variables();
  REQUIRE(state.size() == 5);
  CHECK(state[0].item() == 3.0);

  Adam restored({.learning_rate = schedules::ExponentialDecay(0.01, 10, 0.9)});
  TwoVariables copy;
  restored.build_for(copy.list());
  restored.assign_variables(state, "test");
  CHECK(restored.iterations() == 3);
  CHECK(restored.learning_rate() == adam.learning_rate());
  copy.kernel.assign(vars.kernel.value());  // the same weights before the next step
  copy.bias.assign(vars.bias.value());
  adam.apply_gradients(gradients_at(3, wavy_gradient), vars.list());
  restored.apply_gradients(gradients_at(3, wavy_gradient), copy.list());
  check_close(copy.kernel.value(), vars.kernel.value(), 0, 0);
  check_close(copy.bias.value(), vars.bias.value(), 0, 0);
  // A float-rate state (with learning_rate) does not fit a schedule-driven optimizer.
  Adam plain;
  TwoVariables other;
  plain.apply_gradients(gradients_at(0, wavy_gradient), other.list());
  CHECK_THROWS_WITH(restored.assign_variables(plain.variables(), "file.keras"),
                    Contains("file.keras") && Contains("has 5 variables, but the saved state has 6"));
}

TEST_CASE("Optimizer configs embed the schedule as Keras 3 writes it", "[optimizers][schedules][config]") {
  SGD sgd({.learning_rate = schedules::PolynomialDecay(0.1, 100, {.cycle = true}), .momentum = 0.9});
  const Json config = sgd.get_config();
  CHECK(config["learning_rate"].dump() ==
        R"({"module":"keras.optimizers.schedules","class_name":"PolynomialDecay","config":{"initial_learning_rate":0.1,)"
        R"("decay_steps":100,"end_learning_rate":0.0001,"power":1.0,"cycle":true,"name":"PolynomialDecay"},)"
        R"("registered_name":null})");
  const auto copy = deserialize(Json::parse(serialize(sgd).dump()));
  CHECK(copy->get_config().dump() == config.dump());
  REQUIRE(copy->learning_rate_schedule() != nullptr);
  CHECK((*copy->learning_rate_schedule())(150) == (*sgd.learning_rate_schedule())(150));

  // tf.keras 2 nests {"class_name", "config"} only, under "lr" in old files.
  const auto keras2 = deserialize(Json::parse(R"({"class_name": "Adam", "config": {"name": "Adam",
      "lr": {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.001, "decay_steps": 10,
      "decay_rate": 0.5, "staircase": true, "name": null}}, "beta_1": 0.9}})"));
  CHECK(keras2->learning_rate_schedule()->class_name() == "ExponentialDecay");
  CHECK(keras2->learning_rate() == 0.001f);

  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "SGD", "config": {"learning_rate":
                        {"class_name": "StepDecay", "config": {}}}})")),
                    Contains("field 'learning_rate' is not a valid learning rate schedule") &&
                        Contains("Unknown learning rate schedule 'StepDecay'"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "SGD", "config": {"learning_rate":
                        {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1,
                        "decay_steps": 0, "decay_rate": 0.5}}}})")),
                    Contains("learning_rate") && Contains("`decay_steps` must be > 0"));
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "SGD", "config": {"learning_rate": "fast"}})")),
                    Contains("field 'learning_rate' must be a number"));
}

TEST_CASE("A .keras model with a scheduled optimizer saves, loads and resumes", "[optimizers][schedules][saving]") {
  TempDir dir;
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{layers::Dense(2)});
  model->compile({.optimizer = Adam({.learning_rate = schedules::CosineDecayRestarts(0.05, 2)}), .loss = "mse"});
  Tensor x = random_tensor({4, 3}, -1, 1, 7), y = random_tensor({4, 2}, -1, 1, 8);
  for (int i = 0; i < 3; ++i) model->train_on_batch(x, y);
  save_model(*model, dir / "scheduled.keras");

  auto loaded = load_model(dir / "scheduled.keras");
  REQUIRE(loaded->compiled());
  REQUIRE(loaded->optimizer()->learning_rate_schedule() != nullptr);
  CHECK(loaded->optimizer()->get_config().dump() == model->optimizer()->get_config().dump());
  CHECK(loaded->optimizer()->iterations() == 3);
  CHECK(loaded->optimizer()->variable_names() == model->optimizer()->variable_names());
  for (int i = 0; i < 3; ++i) CHECK(loaded->train_on_batch(x, y).loss() == model->train_on_batch(x, y).loss());
  for (std::size_t i = 0; i < model->weights().size(); ++i) {
    check_close(loaded->weights()[i]->value(), model->weights()[i]->value(), 0, 0);
  }
}
