#pragma once
// keras.optimizers.schedules.CosineDecay (SGDR without restarts, with an optional linear warmup)
// and CosineDecayRestarts (SGDR, Loshchilov & Hutter 2016).
//
// CosineDecay, with d = decay_steps and from = warmup_target (or initial_learning_rate):
//   warmup (step < warmup_steps): initial + (warmup_target - initial) * step / warmup_steps
//   decay: s = min(step - warmup_steps, d); from * ((1 - alpha) * 0.5 * (1 + cos(pi * s / d)) + alpha)
// CosineDecayRestarts: period i lasts first_decay_steps * t_mul^i steps and starts at
//   m_mul^i * initial_learning_rate; within it the rate decays as above (no warmup).

#include <optional>

#include "optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers::schedules {

struct CosineDecayOptions {
  /// Final rate as a fraction of the decay's starting rate (default 0).
  double alpha = 0.0;
  std::string name = "CosineDecay";
  /// Rate reached by the linear warmup; none (the default) skips the warmup.
  std::optional<double> warmup_target = std::nullopt;
  /// Length of the warmup in steps (default 0).
  double warmup_steps = 0.0;
};

class CosineDecay final : public LearningRateSchedule {
 public:
  using Options = CosineDecayOptions;
  /// decay_steps must be > 0 and warmup_steps >= 0 (ValueError otherwise).
  CosineDecay(double initial_learning_rate, double decay_steps, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "CosineDecay"; }
  Json get_config() const override;

 private:
  float decay(float step, float decay_steps, float decay_from) const;

  double initial_learning_rate_, decay_steps_;
  Options options_;
};

struct CosineDecayRestartsOptions {
  /// Each period lasts t_mul times longer than the previous one (default 2).
  double t_mul = 2.0;
  /// Each period starts at m_mul times the previous period's initial rate (default 1).
  double m_mul = 1.0;
  /// Final rate of each period as a fraction of its initial rate (default 0).
  double alpha = 0.0;
  std::string name = "SGDRDecay";
};

class CosineDecayRestarts final : public LearningRateSchedule {
 public:
  using Options = CosineDecayRestartsOptions;
  /// first_decay_steps and t_mul must be > 0 (ValueError otherwise).
  CosineDecayRestarts(double initial_learning_rate, double first_decay_steps, Options options = {});
  static std::shared_ptr<LearningRateSchedule> from_config(const Json& config);

  float operator()(std::int64_t step) const override;
  std::string class_name() const override { return "CosineDecayRestarts"; }
  Json get_config() const override;

 private:
  double initial_learning_rate_, first_decay_steps_;
  Options options_;
};

}  // namespace keras::optimizers::schedules
