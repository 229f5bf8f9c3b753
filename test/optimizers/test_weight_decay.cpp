// Decoupled weight decay as Keras 3's BaseOptimizer._apply_weight_decay: before the update,
// w -= w * weight_decay * lr (the current, possibly scheduled, rate) for every variable that has a
// gradient and is not excluded through exclude_from_weight_decay (by object, or by a regular
// expression searched in the variable's name).

#include <catch2/catch.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "optimizers/schedules/schedules.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;
using Catch::Matchers::Contains;

namespace {

// SGD(lr) with decoupled decay `wd` on the elements where `decayed` holds.
void check_sgd_decay(Optimizer& opt, const std::function<double(int)>& lr, double wd, const std::vector<bool>& decayed) {
  TwoVariables vars;
  std::vector<double> w = vars.initial();
  for (int k = 0; k < 4; ++k) {
    INFO("step " << k + 1);
    opt.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (decayed[i]) w[i] -= w[i] * wd * lr(k);
      w[i] -= lr(k) * wavy_gradient(k, static_cast<int>(i));
    }
    check_close(vars.kernel.value(), {w[0], w[1], w[2], w[3]}, 1e-6, 1e-6);
    check_close(vars.bias.value(), {w[4], w[5], w[6]}, 1e-6, 1e-6);
  }
}

const std::vector<bool> kKernelOnly = {true, true, true, true, false, false, false};

}  // namespace

TEST_CASE("exclude_from_weight_decay by name skips matching variables", "[optimizers][weight_decay]") {
  SGD sgd({.learning_rate = 0.1, .weight_decay = 0.5});
  sgd.exclude_from_weight_decay({"bias"});
  check_sgd_decay(sgd, [](int) { return 0.1; }, 0.5, kKernelOnly);

  // Names are regular expressions searched anywhere in the name, as Keras' re.search.
  SGD pattern({.learning_rate = 0.1, .weight_decay = 0.5});
  pattern.exclude_from_weight_decay({"^b", "nothing"});
  check_sgd_decay(pattern, [](int) { return 0.1; }, 0.5, kKernelOnly);

  SGD all({.learning_rate = 0.1, .weight_decay = 0.5});
  check_sgd_decay(all, [](int) { return 0.1; }, 0.5, std::vector<bool>(7, true));
}

TEST_CASE("exclude_from_weight_decay by variable, and decay with a scheduled rate", "[optimizers][weight_decay]") {
  SGD sgd({.learning_rate = schedules::ExponentialDecay(0.2, 1, 0.5), .weight_decay = 0.25});
  TwoVariables vars;
  sgd.exclude_from_weight_decay({}, {&vars.kernel});
  std::vector<double> w = vars.initial();
  for (int k = 0; k < 3; ++k) {
    sgd.apply_gradients(gradients_at(k, wavy_gradient), vars.list());
    const double lr = 0.2 * std::pow(0.5, k);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (i >= 4) w[i] -= w[i] * 0.25 * lr;
      w[i] -= lr * wavy_gradient(k, static_cast<int>(i));
    }
  }
  check_close(vars.kernel.value(), {w[0], w[1], w[2], w[3]}, 1e-6, 1e-6);
  check_close(vars.bias.value(), {w[4], w[5], w[6]}, 1e-6, 1e-6);
}

TEST_CASE("exclude_from_weight_decay is refused once built or with a bad expression", "[optimizers][weight_decay][errors]") {
  SGD sgd({.weight_decay = 0.1});
  CHECK_THROWS_WITH(sgd.exclude_from_weight_decay({"bias("}), Contains("'bias(' is not a valid regular expression"));
  TwoVariables vars;
  sgd.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  CHECK_THROWS_WITH(sgd.exclude_from_weight_decay({"bias"}),
                    Contains("`exclude_from_weight_decay()` can only be configured before the optimizer is built."));
}
