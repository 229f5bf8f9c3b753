#pragma once
// Typed access to a Keras config object. Every error names the object and the field:
// 'Conv2D layer "conv2d_1": field 'kernel_size' must be an integer or a list of 2 integers, received "3x3"'.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"

namespace keras {

class ConfigReader {
 public:
  /// `what` names the object in messages, e.g. "Dense layer" (the config's name is appended).
  ConfigReader(const Json& config, const std::string& what);

  bool has(const std::string& key) const;
  /// True when the field is absent or null (Keras None).
  bool is_null(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback) const;
  double number(const std::string& key, double fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  /// An int, or a list of `N` ints (Keras tuples such as kernel_size).
  template <std::size_t N>
  std::array<int, N> ints(const std::string& key, std::optional<std::array<int, N>> fallback = std::nullopt) const;
  /// A list of ints where null entries become -1 (shapes).
  std::vector<std::int64_t> shape(const std::string& key) const;
  const Json& raw(const std::string& key) const;
  /// Throws ValueError for `key` with the given explanation.
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const Json& config_;
  std::string what_;
};

}  // namespace keras
