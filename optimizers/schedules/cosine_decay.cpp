#include "optimizers/schedules/cosine_decay.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::optimizers::schedules {

namespace {

constexpr float kPi = std::numbers::pi_v<float>;

}  // namespace

CosineDecay::CosineDecay(double initial_learning_rate, double decay_steps, Options options)
    : initial_learning_rate_(initial_learning_rate), decay_steps_(decay_steps), options_(std::move(options)) {
  detail::require_positive("decay_steps", decay_steps_);
  // Keras accepts a negative warmup but then decays from a step before 0.
  if (!(options_.warmup_steps >= 0.0)) {
    throw ValueError("Argument `warmup_steps` must be >= 0. Received: warmup_steps=" +
                     detail::number_text(options_.warmup_steps, true));
  }
}

std::shared_ptr<LearningRateSchedule> CosineDecay::from_config(const Json& config) {
  ConfigReader c(config, "CosineDecay schedule");
  Options o;
  o.alpha = c.number("alpha", o.alpha);
  o.name = c.string("name", o.name);
  if (!c.is_null("warmup_target")) o.warmup_target = c.number("warmup_target", 0.0);
  o.warmup_steps = c.number("warmup_steps", o.warmup_steps);
  return std::make_shared<CosineDecay>(detail::required_number(c, "initial_learning_rate"),
                                       detail::required_number(c, "decay_steps"), o);
}

float CosineDecay::decay(float step, float decay_steps, float decay_from) const {
  // Keras multiplies the float32 tensor by the Python floats (1 - alpha) and alpha.
  const float cosine_decayed = 0.5f * (1.0f + std::cos(kPi * (step / decay_steps)));
  const float decayed =
      static_cast<float>(1.0 - options_.alpha) * cosine_decayed + static_cast<float>(options_.alpha);
  return decay_from * decayed;
}

float CosineDecay::operator()(std::int64_t step) const {
  const float initial = static_cast<float>(initial_learning_rate_), d = static_cast<float>(decay_steps_);
  const float s = static_cast<float>(step);
  if (!options_.warmup_target) return decay(std::min(s, d), d, initial);
  const float target = static_cast<float>(*options_.warmup_target);
  const float warmup = static_cast<float>(options_.warmup_steps);
  const float clamped = std::min(s, d + warmup);
  if (clamped < warmup) return (target - initial) * (clamped / warmup) + initial;
  return decay(clamped - warmup, d, target);
}

Json CosineDecay::get_config() const {
  return {{"initial_learning_rate", initial_learning_rate_},
          {"decay_steps", detail::step_count_json(decay_steps_)},
          {"alpha", options_.alpha},
          {"name", options_.name},
          {"warmup_target", options_.warmup_target ? Json(*options_.warmup_target) : Json(nullptr)},
          {"warmup_steps", detail::step_count_json(options_.warmup_steps)}};
}

CosineDecayRestarts::CosineDecayRestarts(double initial_learning_rate, double first_decay_steps, Options options)
    : initial_learning_rate_(initial_learning_rate), first_decay_steps_(first_decay_steps),
      options_(std::move(options)) {
  detail::require_positive("first_decay_steps", first_decay_steps_);
  // The period index is log(...) / log(t_mul): undefined for t_mul <= 0.
  detail::require_positive("t_mul", options_.t_mul);
}

std::shared_ptr<LearningRateSchedule> CosineDecayRestarts::from_config(const Json& config) {
  ConfigReader c(config, "CosineDecayRestarts schedule");
  Options o;
  o.t_mul = c.number("t_mul", o.t_mul);
  o.m_mul = c.number("m_mul", o.m_mul);
  o.alpha = c.number("alpha", o.alpha);
  o.name = c.string("name", o.name);
  return std::make_shared<CosineDecayRestarts>(detail::required_number(c, "initial_learning_rate"),
                                               detail::required_number(c, "first_decay_steps"), o);
}

float CosineDecayRestarts::operator()(std::int64_t step) const {
  const float alpha = static_cast<float>(options_.alpha), t_mul = static_cast<float>(options_.t_mul);
  const float m_mul = static_cast<float>(options_.m_mul);
  float completed = static_cast<float>(step) / static_cast<float>(first_decay_steps_);
  float restart = 0.0f;
  if (t_mul == 1.0f) {
    restart = std::floor(completed);
    completed -= restart;
  } else {
    // Periods grow geometrically: period i starts at (1 - t_mul^i) / (1 - t_mul) periods.
    restart = std::floor(std::log(1.0f - completed * (1.0f - t_mul)) / std::log(t_mul));
    const float start = (1.0f - std::pow(t_mul, restart)) / (1.0f - t_mul);
    completed = (completed - start) / std::pow(t_mul, restart);
  }
  const float cosine_decayed = 0.5f * std::pow(m_mul, restart) * (1.0f + std::cos(kPi * completed));
  const float decayed = (1.0f - alpha) * cosine_decayed + alpha;
  return static_cast<float>(initial_learning_rate_) * decayed;
}

Json CosineDecayRestarts::get_config() const {
  return {{"initial_learning_rate", initial_learning_rate_},
          {"first_decay_steps", detail::step_count_json(first_decay_steps_)},
          {"t_mul", options_.t_mul},
          {"m_mul", options_.m_mul},
          {"alpha", options_.alpha},
          {"name", options_.name}};
}

}  // namespace keras::optimizers::schedules
