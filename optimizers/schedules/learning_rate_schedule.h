#pragma once
// keras.optimizers.schedules: learning rates as functions of the optimizer's step. Keras
// evaluates a schedule at the optimizer's apply count before each update, in float32 (the
// dtype of initial_learning_rate), and serializes it inside the optimizer's config.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"

namespace keras {
class ConfigReader;
}

namespace keras::optimizers::schedules {

/// keras.optimizers.schedules.LearningRateSchedule. Schedules are immutable, so one instance
/// may drive several optimizers.
class LearningRateSchedule {
 public:
  virtual ~LearningRateSchedule() = default;
  /// The learning rate at optimizer step `step` (0 before the first update).
  virtual float operator()(std::int64_t step) const = 0;
  virtual std::string class_name() const = 0;
  /// The Keras `config` object (constructor arguments by their Keras names).
  virtual Json get_config() const = 0;
};

/// keras.optimizers.schedules.serialize: {"module": "keras.optimizers.schedules", "class_name",
/// "config", "registered_name": null}.
Json serialize(const LearningRateSchedule& schedule);
/// keras.optimizers.schedules.deserialize: Keras 3's form above or Keras 2's
/// {"class_name", "config"}. Unknown class names and bad fields throw ValueError.
std::shared_ptr<LearningRateSchedule> deserialize(const Json& config);
/// Class names deserialize() knows.
std::vector<std::string> names();

namespace detail {

/// `value` as a JSON integer when it is one (step counts such as decay_steps=1000, which
/// Keras configs hold as ints), else as a float.
Json step_count_json(double value);
/// `value` as Python prints it in Keras' messages: step counts as ints when integral, nan, inf.
std::string number_text(double value, bool step_count);
/// ValueError "Argument `<field>` must be > 0. Received: <field>=<value>" (Keras' message);
/// NaN is refused too.
void require_positive(const std::string& field, double value);
/// A required numeric field of a schedule config (ValueError naming it when absent or not a number).
double required_number(const ConfigReader& config, const std::string& key);

}  // namespace detail

}  // namespace keras::optimizers::schedules
