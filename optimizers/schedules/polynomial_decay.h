#pragma once
// keras.optimizers.schedules.PolynomialDecay:
//   lr(step) = (initial_learning_rate - end_learning_rate) * (1 - s / d) ^ power + end_learning_rate
// with s = min(step, decay_steps) and d = decay_steps; when cycle is true, s = step and d is the
// first multiple of decay_steps >= step (decay_steps itself at step 0).

#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers::schedules {

struct PolynomialDecayOptions {
  /// The rate reached after decay_steps (default 0.0001).
  double end_learning_rate = 0.0001;
  /// The power of the polynomial (default 1, linear).
  double power = 1.0;
  /// Restart the decay every decay_steps (default false).
  bool cycle = false;
  std::string name = "PolynomialDecay";
};

class PolynomialDecay final : public LearningRateSchedule {
 public:
  using Options = PolynomialDecayOptions;
  /// decay_steps must be > 0 (ValueError otherwise).
  PolynomialDecay(double initial_learning_rate, double decay_steps, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "PolynomialDecay"; }
  Json get_config() const override;

 private:
  double initial_learning_rate_, decay_steps_;
  Options options_;
};

}  // namespace keras::optimizers::schedules
