#include "optimizers/schedules/learning_rate_schedule.h"

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"
#include "optimizers/schedules/schedules.h"

namespace keras::optimizers::schedules {

namespace {

using Factory = std::function<std::shared_ptr<LearningRateSchedule>(const Json&)>;

void register_builtin_schedules(Registry<Factory>& r) {
  r.add("ExponentialDecay", &ExponentialDecay::from_config);
  r.add("PiecewiseConstantDecay", &PiecewiseConstantDecay::from_config);
  r.add("PolynomialDecay", &PolynomialDecay::from_config);
  r.add("InverseTimeDecay", &InverseTimeDecay::from_config);
  r.add("CosineDecay", &CosineDecay::from_config);
  r.add("CosineDecayRestarts", &CosineDecayRestarts::from_config);
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("learning rate schedule");
    register_builtin_schedules(reg);
    return reg;
  }();
  return r;
}

}  // namespace

Json serialize(const LearningRateSchedule& schedule) {
  return {{"module", "keras.optimizers.schedules"},
          {"class_name", schedule.class_name()},
          {"config", schedule.get_config()},
          {"registered_name", nullptr}};
}

std::shared_ptr<LearningRateSchedule> deserialize(const Json& config) {
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid learning rate schedule config: expected an object with 'class_name' and 'config', "
                     "received " + config.dump());
  }
  return registry().get(config["class_name"].get<std::string>())(config.value("config", Json::object()));
}

std::vector<std::string> names() { return registry().names(); }

namespace detail {

Json step_count_json(double value) {
  // Beyond 2^53 doubles are all integral and int64 would overflow at 2^63: keep those as floats.
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return Json(static_cast<std::int64_t>(value));
  }
  return Json(value);
}

std::string number_text(double value, bool step_count) {
  // JSON has no spelling for NaN or infinities.
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return (step_count ? step_count_json(value) : Json(value)).dump();
}

void require_positive(const std::string& field, double value) {
  if (!(value > 0.0)) {
    throw ValueError("Argument `" + field + "` must be > 0. Received: " + field + "=" + number_text(value, true));
  }
}

double required_number(const ConfigReader& config, const std::string& key) {
  const Json& v = config.raw(key);
  if (!v.is_number()) config.fail(key, "must be a number");
  return v.get<double>();
}

}  // namespace detail

}  // namespace keras::optimizers::schedules
