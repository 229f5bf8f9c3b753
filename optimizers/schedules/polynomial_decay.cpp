#include "optimizers/schedules/polynomial_decay.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"

namespace keras::optimizers::schedules {

PolynomialDecay::PolynomialDecay(double initial_learning_rate, double decay_steps, Options options)
    : initial_learning_rate_(initial_learning_rate), decay_steps_(decay_steps), options_(std::move(options)) {
  detail::require_positive("decay_steps", decay_steps_);
}

std::shared_ptr<LearningRateSchedule> PolynomialDecay::from_config(const Json& config) {
  ConfigReader c(config, "PolynomialDecay schedule");
  Options o;
  o.end_learning_rate = c.number("end_learning_rate", o.end_learning_rate);
  o.power = c.number("power", o.power);
  o.cycle = c.boolean("cycle", o.cycle);
  o.name = c.string("name", o.name);
  return std::make_shared<PolynomialDecay>(detail::required_number(c, "initial_learning_rate"),
                                           detail::required_number(c, "decay_steps"), o);
}

float PolynomialDecay::operator()(std::int64_t step) const {
  const float initial = static_cast<float>(initial_learning_rate_), end = static_cast<float>(options_.end_learning_rate);
  float s = static_cast<float>(step), d = static_cast<float>(decay_steps_);
  if (options_.cycle) {
    d *= s == 0.0f ? 1.0f : std::ceil(s / static_cast<float>(decay_steps_));
  } else {
    s = std::min(s, d);
  }
  const float p = s / d;
  return (initial - end) * std::pow(1.0f - p, static_cast<float>(options_.power)) + end;
}

Json PolynomialDecay::get_config() const {
  return {{"initial_learning_rate", initial_learning_rate_},
          {"decay_steps", detail::step_count_json(decay_steps_)},
          {"end_learning_rate", options_.end_learning_rate},
          {"power", options_.power},
          {"cycle", options_.cycle},
          {"name", options_.name}};
}

}  // namespace keras::optimizers::schedules
