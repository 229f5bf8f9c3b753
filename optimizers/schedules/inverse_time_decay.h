#pragma once
// keras.optimizers.schedules.InverseTimeDecay:
//   lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)
// with step / decay_steps floored when staircase is true.

#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers::schedules {

struct InverseTimeDecayOptions {
  /// Decay at discrete intervals of decay_steps (default false).
  bool staircase = false;
  std::string name = "InverseTimeDecay";
};

class InverseTimeDecay final : public LearningRateSchedule {
 public:
  using Options = InverseTimeDecayOptions;
  /// decay_steps must be > 0 (ValueError otherwise).
  InverseTimeDecay(double initial_learning_rate, double decay_steps, double decay_rate, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "InverseTimeDecay"; }
  Json get_config() const override;

 private:
  double initial_learning_rate_, decay_steps_, decay_rate_;
  Options options_;
};

}  // namespace keras::optimizers::schedules
