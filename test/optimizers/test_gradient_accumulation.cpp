// gradient_accumulation_steps = n as Keras 3's BaseOptimizer runs it
// (keras/src/optimizers/base_optimizer.py): calls that do not complete a group of n add their
// gradient to a "gradient_accumulator" slot; the n-th applies the mean of the n gradients
// (clipping and weight decay included) and zeroes the slots. The saved "iteration" counts every
// call and schedules read it; optimizer.iterations (bias corrections, EMA) counts updates.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "optimizers/schedules/schedules.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;
using Catch::Matchers::Contains;

TEST_CASE("Adam with 3 accumulation steps applies the mean gradient every third call", "[optimizers][accumulation]") {
  Adam adam({.learning_rate = 0.01, .gradient_accumulation_steps = 3});
  TwoVariables vars;
  std::vector<double> w = vars.initial(), acc(w.size());
  std::vector<ElementState> state(w.size());
  const ReferenceStep step = adam_reference(0.01);
  for (int k = 0; k < 7; ++k) {
    INFO("call " << k + 1);
    adam.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
    const bool update = (k + 1) % 3 == 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      acc[i] += wavy_gradient(k, static_cast<int>(i));
      if (update) {
        step(w[i], acc[i] / 3, state[i], (k + 1) / 3);
        acc[i] = 0;
      }
    }
    CHECK(adam.apply_count() == k + 1);
    CHECK(adam.iterations() == (k + 1) / 3);
    const std::vector<Tensor> s = adam.variables();
    CHECK(s[0].item() == k + 1);
    check_close(s[2], {acc[0], acc[1], acc[2], acc[3]}, 1e-6, 1e-6);
    check_close(s[3], {acc[4], acc[5], acc[6]}, 1e-6, 1e-6);
    check_close(vars.kernel.value(), {w[0], w[1], w[2], w[3]}, 1e-6, 1e-6);
    check_close(vars.bias.value(), {w[4], w[5], w[6]}, 1e-6, 1e-6);
  }
  CHECK(adam.variable_names() ==
        std::vector<std::string>{"iteration", "learning_rate", "dense_kernel_gradient_accumulator",
                                 "dense_bias_gradient_accumulator", "dense_kernel_momentum", "dense_kernel_velocity",
                                 "dense_bias_momentum", "dense_bias_velocity"});
}

TEST_CASE("Accumulating two gradients equals one step on their mean, weight decay included",
          "[optimizers][accumulation]") {
  AdamW accumulating({.learning_rate = 0.02, .weight_decay = 0.1, .clipnorm = 0.5, .gradient_accumulation_steps = 2});
  AdamW direct({.learning_rate = 0.02, .weight_decay = 0.1, .clipnorm = 0.5});
  TwoVariables a, b;
  for (int k = 0; k < 8; k += 2) {
    const std::vector<Tensor> first = gradients_at(k, wavy_gradient), second = gradients_at(k + 1, wavy_gradient);
    accumulating.apply_gradients(first, a.list());
    accumulating.apply_gradients(second, a.list());
    direct.apply_gradients({(second[0] + first[0]) / 2.0f, (second[1] + first[1]) / 2.0f}, b.list());
    check_close(a.kernel.value(), b.kernel.value(), 0, 0);
    check_close(a.bias.value(), b.bias.value(), 0, 0);
  }
  CHECK(accumulating.iterations() == direct.iterations());
}

TEST_CASE("Schedules see every call; an undefined gradient leaves its accumulator alone", "[optimizers][accumulation]") {
  SGD sgd({.learning_rate = schedules::ExponentialDecay(0.1, 1, 0.5), .gradient_accumulation_steps = 2});
  Variable v{"v", "layer/v", tensor({1.0f}, {1}), true};
  Variable u{"u", "layer/u", tensor({1.0f}, {1}), true};
  const Tensor g = tensor({1.0f}, {1});
  sgd.apply_gradients({g, g}, {&v, &u});
  CHECK(v.value().item() == 1.0);
  sgd.apply_gradients({g, Tensor()}, {&v, &u});  // update at count 1: rate 0.1 * 0.5
  CHECK(v.value().item() == Approx(1.0 - 0.05 * 1.0));
  // u had no gradient on the update call: Keras skips it, then zeroes every accumulator.
  CHECK(u.value().item() == 1.0);
  CHECK(sgd.variables()[2].item() == 0.0);
  CHECK(sgd.variables()[1].item() == 0.0);
  sgd.apply_gradients({g, g}, {&v, &u});
  sgd.apply_gradients({g, g}, {&v, &u});  // update at count 3: rate 0.1 * 0.125
  CHECK(v.value().item() == Approx(0.95 - 0.0125));
  CHECK(u.value().item() == Approx(1.0 - 0.0125));
}

TEST_CASE("EMA under accumulation updates on every call, keyed to the update count", "[optimizers][accumulation][ema]") {
  SGD sgd({.learning_rate = 0.1, .use_ema = true, .ema_momentum = 0.9, .gradient_accumulation_steps = 2});
  TwoVariables vars;
  std::vector<double> w = vars.initial(), avg(w.size()), acc(w.size());
  for (int k = 0; k < 6; ++k) {
    INFO("call " << k + 1);
    sgd.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
    const double m = k < 2 ? 0.0 : 0.9;  // iterations() is still 0 during the first group
    for (std::size_t i = 0; i < w.size(); ++i) {
      acc[i] += wavy_gradient(k, static_cast<int>(i));
      if ((k + 1) % 2 == 0) {
        w[i] -= 0.1 * (acc[i] / 2);
        acc[i] = 0;
      }
      avg[i] = m * avg[i] + (1 - m) * w[i];
    }
    check_close(sgd.variables()[2], {avg[0], avg[1], avg[2], avg[3]}, 1e-6, 1e-6);
    check_close(sgd.variables()[3], {avg[4], avg[5], avg[6]}, 1e-6, 1e-6);
  }
  CHECK(sgd.variable_names() == std::vector<std::string>{"iteration", "learning_rate", "dense_kernel_average",
                                                         "dense_bias_average", "dense_kernel_gradient_accumulator",
                                                         "dense_bias_gradient_accumulator"});
}

TEST_CASE("Accumulated state resumes after a save and restore", "[optimizers][accumulation]") {
  RMSprop first({.learning_rate = 0.01, .gradient_accumulation_steps = 3});
  TwoVariables a;
  for (int k = 0; k < 4; ++k) first.apply_gradients(gradients_at(k, wavy_gradient), a.list());
  RMSprop second({.learning_rate = 0.01, .gradient_accumulation_steps = 3});
  TwoVariables b;
  second.build_for(b.list());
  second.assign_variables(first.variables(), "test");
  b.kernel.assign(a.kernel.value());
  b.bias.assign(a.bias.value());
  CHECK(second.iterations() == 1);
  CHECK(second.apply_count() == 4);
  for (int k = 4; k < 7; ++k) {
    first.apply_gradients(gradients_at(k, wavy_gradient), a.list());
    second.apply_gradients(gradients_at(k, wavy_gradient), b.list());
  }
  check_close(b.kernel.value(), a.kernel.value(), 0, 0);
  check_close(b.bias.value(), a.bias.value(), 0, 0);
}

TEST_CASE("gradient_accumulation_steps is validated and round-trips", "[optimizers][accumulation][config]") {
  CHECK_THROWS_WITH(SGD({.gradient_accumulation_steps = 1}),
                    Contains("`gradient_accumulation_steps` must be an integer >= 2. Received: "
                             "gradient_accumulation_steps=1"));
  CHECK_THROWS_AS(Adam({.gradient_accumulation_steps = -4}), ValueError);
  // 0 is falsy in Keras: accumulation is off.
  SGD off({.learning_rate = 1.0, .gradient_accumulation_steps = 0});
  TwoVariables vars;
  off.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  CHECK(off.iterations() == 1);
  CHECK(off.variables().size() == 2);

  Adamax adamax({.gradient_accumulation_steps = 4});
  CHECK(adamax.get_config()["gradient_accumulation_steps"] == 4);
  CHECK(deserialize(serialize(adamax))->get_config().dump() == adamax.get_config().dump());
  CHECK(Adamax().get_config()["gradient_accumulation_steps"].is_null());
  CHECK_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Adam", "config": {"gradient_accumulation_steps": 1}})")),
                    Contains("gradient_accumulation_steps=1"));
}
