#pragma once
// Reading the arguments shared by every optimizer from a Keras config (not installed).

#include "libkeras/serialization/config_reader.h"
#include "optimizers/optimizer.h"

namespace keras::optimizers::detail {

inline std::optional<double> optional_number(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return std::nullopt;
  return c.number(key, 0.0);
}

/// Copies weight_decay / clipnorm / clipvalue / global_clipnorm / name into `o`.
template <class Options>
void read_common(const ConfigReader& c, Options& o) {
  o.weight_decay = optional_number(c, "weight_decay");
  o.clipnorm = optional_number(c, "clipnorm");
  o.clipvalue = optional_number(c, "clipvalue");
  o.global_clipnorm = optional_number(c, "global_clipnorm");
  o.name = c.string("name", "");
}

/// Keras 2 configs spell learning_rate "lr".
inline double learning_rate(const ConfigReader& c, double fallback) {
  return c.has("learning_rate") ? c.number("learning_rate", fallback) : c.number("lr", fallback);
}

}  // namespace keras::optimizers::detail
