#pragma once
// Reading the arguments shared by every optimizer from a Keras config (not installed).

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "optimizers/optimizer.h"

namespace keras::optimizers::detail {

inline std::optional<double> optional_number(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return std::nullopt;
  return c.number(key, 0.0);
}

inline std::optional<int> optional_int(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return std::nullopt;
  const std::int64_t v = c.integer(key);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) c.fail(key, "is out of range");
  return static_cast<int>(v);
}

/// Copies weight_decay / clipnorm / clipvalue / global_clipnorm / the EMA and gradient
/// accumulation fields / name into `o`.
template <class Options>
void read_common(const ConfigReader& c, Options& o) {
  o.weight_decay = optional_number(c, "weight_decay");
  o.clipnorm = optional_number(c, "clipnorm");
  o.clipvalue = optional_number(c, "clipvalue");
  o.global_clipnorm = optional_number(c, "global_clipnorm");
  o.use_ema = c.boolean("use_ema", false);
  o.ema_momentum = c.number("ema_momentum", 0.99);
  o.ema_overwrite_frequency = optional_int(c, "ema_overwrite_frequency");
  o.gradient_accumulation_steps = optional_int(c, "gradient_accumulation_steps");
  o.name = c.string("name", "");
}

/// A number or a serialized schedule; Keras 2 configs spell learning_rate "lr".
inline LearningRate learning_rate(const ConfigReader& c, double fallback) {
  const std::string key = c.has("learning_rate") ? "learning_rate" : "lr";
  if (c.has(key) && c.raw(key).is_object()) {
    try {
      return LearningRate(schedules::deserialize(c.raw(key)));
    } catch (const ValueError& e) {
      c.fail(key, std::string("is not a valid learning rate schedule (") + e.what() + ")");
    }
  }
  return c.number(key, fallback);
}

}  // namespace keras::optimizers::detail
