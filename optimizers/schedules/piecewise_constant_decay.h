#pragma once
// keras.optimizers.schedules.PiecewiseConstantDecay: values[0] while step <= boundaries[0],
// values[i] while boundaries[i-1] < step <= boundaries[i], values.back() after the last boundary.
// As in Keras, boundaries are cast to the integer step type (truncated toward zero).

#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers::schedules {

struct PiecewiseConstantDecayOptions {
  std::string name = "PiecewiseConstant";
};

class PiecewiseConstantDecay final : public LearningRateSchedule {
 public:
  using Options = PiecewiseConstantDecayOptions;
  /// values needs one more element than boundaries, which must be a non-empty list of finite
  /// numbers within the int64 range (ValueError otherwise).
  PiecewiseConstantDecay(std::vector<double> boundaries, std::vector<double> values, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "PiecewiseConstantDecay"; }
  Json get_config() const override;

 private:
  std::vector<double> boundaries_, values_;
  std::vector<std::int64_t> step_boundaries_;  // boundaries_ cast to the step type
  Options options_;
};

}  // namespace keras::optimizers::schedules
