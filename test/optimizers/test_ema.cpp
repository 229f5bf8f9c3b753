// use_ema as Keras 3's BaseOptimizer runs it (keras/src/optimizers/base_optimizer.py): after each
// update average = m * average + (1 - m) * weight with m = 0 on the first update and
// ema_momentum after; every ema_overwrite_frequency updates the weights take the average;
// finalize_variable_values() (called by fit) swaps the average in. Slots are named "average" and
// come before the optimizer's own.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "optimizers/optimizers.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;
using Catch::Matchers::Contains;

namespace {

// Runs `steps` updates of `opt` and checks the weights and the "average" slots (state indices
// 2 and 3) against SGD(lr 0.1, momentum 0.5) with an EMA of `momentum`, overwritten every
// `overwrite` updates (0: never).
void check_ema_trajectory(Optimizer& opt, TwoVariables& vars, double momentum, int overwrite, int steps) {
  std::vector<double> w = vars.initial(), avg(w.size());
  std::vector<ElementState> state(w.size());
  const ReferenceStep sgd = sgd_reference(0.1, 0.5);
  for (int k = 0; k < steps; ++k) {
    INFO("step " << k + 1);
    opt.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
    const double m = k == 0 ? 0.0 : momentum;
    for (std::size_t i = 0; i < w.size(); ++i) {
      sgd(w[i], wavy_gradient(k, static_cast<int>(i)), state[i], k + 1);
      avg[i] = m * avg[i] + (1 - m) * w[i];
      if (overwrite && (k + 1) % overwrite == 0) w[i] = avg[i];
    }
    const std::vector<Tensor> s = opt.variables();
    check_close(s[2], {avg[0], avg[1], avg[2], avg[3]}, 1e-6, 1e-6);
    check_close(s[3], {avg[4], avg[5], avg[6]}, 1e-6, 1e-6);
    check_close(vars.kernel.value(), {w[0], w[1], w[2], w[3]}, 1e-6, 1e-6);
    check_close(vars.bias.value(), {w[4], w[5], w[6]}, 1e-6, 1e-6);
  }
}

}  // namespace

TEST_CASE("EMA averages follow Keras' update and finalize swaps them in", "[optimizers][ema]") {
  SGD sgd({.learning_rate = 0.1, .momentum = 0.5, .use_ema = true, .ema_momentum = 0.9});
  TwoVariables vars;
  check_ema_trajectory(sgd, vars, 0.9, 0, 6);
  CHECK(sgd.variable_names() ==
        std::vector<std::string>{"iteration", "learning_rate", "dense_kernel_average", "dense_bias_average",
                                 "dense_kernel_momentum", "dense_bias_momentum"});
  const Tensor average_kernel = sgd.variables()[2].clone(), average_bias = sgd.variables()[3].clone();
  sgd.finalize_variable_values(vars.list());
  check_close(vars.kernel.value(), average_kernel, 0, 0);
  check_close(vars.bias.value(), average_bias, 0, 0);
  TwoVariables others;
  CHECK_THROWS_WITH(sgd.finalize_variable_values({&others.kernel}),
                    Contains("The length of model variables (1) to override does not match"));
}

TEST_CASE("ema_overwrite_frequency copies the average into the weights every n updates", "[optimizers][ema]") {
  SGD sgd({.learning_rate = 0.1, .momentum = 0.5, .use_ema = true, .ema_momentum = 0.8, .ema_overwrite_frequency = 3});
  TwoVariables vars;
  check_ema_trajectory(sgd, vars, 0.8, 3, 7);
}

TEST_CASE("Without use_ema nothing is averaged or finalized", "[optimizers][ema]") {
  SGD sgd({.learning_rate = 0.1, .momentum = 0.5});
  TwoVariables vars;
  sgd.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  const Tensor kernel = vars.kernel.value().clone();
  sgd.finalize_variable_values(vars.list());
  check_close(vars.kernel.value(), kernel, 0, 0);
  CHECK(sgd.variables().size() == 4);
}

TEST_CASE("fit() ends with the weights' moving average, as Keras' trainer", "[optimizers][ema][fit]") {
  backend::clear_session();
  Sequential model{layers::Dense(2)};
  model.compile({.optimizer = Adam({.learning_rate = 0.05, .use_ema = true, .ema_momentum = 0.5}), .loss = "mse"});
  Tensor x = random_tensor({8, 3}, -1, 1, 3), y = random_tensor({8, 2}, -1, 1, 4);
  model.fit(x, y, {.batch_size = 4, .epochs = 2, .verbose = 0, .shuffle = false});
  const auto& optimizer = model.optimizer();
  REQUIRE(optimizer->iterations() == 4);
  const std::vector<std::string> names = optimizer->variable_names();
  REQUIRE(names[2] == "dense_kernel_average");
  REQUIRE(names[3] == "dense_bias_average");
  const std::vector<Variable*> weights = model.trainable_weights();
  check_close(weights[0]->value(), optimizer->variables()[2], 0, 0);
  check_close(weights[1]->value(), optimizer->variables()[3], 0, 0);
}

TEST_CASE("EMA options are validated and round-trip through the config", "[optimizers][ema][config]") {
  CHECK_THROWS_WITH(SGD({.use_ema = true, .ema_momentum = 1.5}),
                    Contains("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=1.5"));
  CHECK_THROWS_WITH(Adam({.use_ema = true, .ema_overwrite_frequency = -2}),
                    Contains("`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                             "ema_overwrite_frequency=-2"));
  // As Keras, the EMA arguments are only checked when use_ema is on.
  CHECK_NOTHROW(SGD({.ema_momentum = 1.5}));

  RMSprop rms({.use_ema = true, .ema_momentum = 0.95, .ema_overwrite_frequency = 10});
  const Json config = rms.get_config();
  CHECK(config["use_ema"] == true);
  CHECK(config["ema_momentum"].get<double>() == 0.95);
  CHECK(config["ema_overwrite_frequency"] == 10);
  const auto copy = deserialize(serialize(rms));
  CHECK(copy->get_config().dump() == config.dump());
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "SGD", "config": {"use_ema": true,
                        "ema_overwrite_frequency": 2.5}})")),
                    Contains("field 'ema_overwrite_frequency' must be an integer"));
}
