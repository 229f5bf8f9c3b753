#pragma once
// keras.optimizers.schedules.ExponentialDecay:
//   lr(step) = initial_learning_rate * decay_rate ^ (step / decay_steps)
// with the exponent floored when staircase is true.

#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers::schedules {

struct ExponentialDecayOptions {
  /// Decay at discrete intervals of decay_steps (default false).
  bool staircase = false;
  std::string name = "ExponentialDecay";
};

class ExponentialDecay final : public LearningRateSchedule {
 public:
  using Options = ExponentialDecayOptions;
  /// decay_steps must be > 0 (ValueError otherwise).
  ExponentialDecay(double initial_learning_rate, double decay_steps, double decay_rate, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "ExponentialDecay"; }
  Json get_config() const override;

 private:
  double initial_learning_rate_, decay_steps_, decay_rate_;
  Options options_;
};

}  // namespace keras::optimizers::schedules
