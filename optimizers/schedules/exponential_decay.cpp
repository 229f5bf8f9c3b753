#include "optimizers/schedules/exponential_decay.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"

namespace keras::optimizers::schedules {

ExponentialDecay::ExponentialDecay(double initial_learning_rate, double decay_steps, double decay_rate,
                                   Options options)
    : initial_learning_rate_(initial_learning_rate), decay_steps_(decay_steps), decay_rate_(decay_rate),
      options_(std::move(options)) {
  detail::require_positive("decay_steps", decay_steps_);
}

std::shared_ptr<LearningRateSchedule> ExponentialDecay::from_config(const Json& config) {
  ConfigReader c(config, "ExponentialDecay schedule");
  Options o;
  o.staircase = c.boolean("staircase", false);
  o.name = c.string("name", o.name);
  return std::make_shared<ExponentialDecay>(detail::required_number(c, "initial_learning_rate"),
                                            detail::required_number(c, "decay_steps"),
                                            detail::required_number(c, "decay_rate"), o);
}

float ExponentialDecay::operator()(std::int64_t step) const {
  float p = static_cast<float>(step) / static_cast<float>(decay_steps_);
  if (options_.staircase) p = std::floor(p);
  return static_cast<float>(initial_learning_rate_) * std::pow(static_cast<float>(decay_rate_), p);
}

Json ExponentialDecay::get_config() const {
  return {{"initial_learning_rate", initial_learning_rate_},
          {"decay_steps", detail::step_count_json(decay_steps_)},
          {"decay_rate", decay_rate_},
          {"staircase", options_.staircase},
          {"name", options_.name}};
}

}  // namespace keras::optimizers::schedules
