#include "libkeras/serialization/config_reader.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras {

ConfigReader::ConfigReader(const Json& config, const std::string& what) : config_(config), what_(what) {
  if (!config_.is_object()) throw ValueError(what + ": config must be a JSON object, received " + config_.dump());
  if (config_.contains("name") && config_["name"].is_string()) what_ += " \"" + config_["name"].get<std::string>() + "\"";
}

void ConfigReader::fail(const std::string& key, const std::string& problem) const {
  std::string received = config_.contains(key) ? config_[key].dump() : "nothing";
  throw ValueError(what_ + ": field '" + key + "' " + problem + ", received " + received);
}

bool ConfigReader::has(const std::string& key) const { return config_.contains(key); }

bool ConfigReader::is_null(const std::string& key) const { return !config_.contains(key) || config_[key].is_null(); }

const Json& ConfigReader::raw(const std::string& key) const {
  if (!config_.contains(key)) fail(key, "is required");
  return config_[key];
}

std::int64_t ConfigReader::integer(const std::string& key) const {
  const Json& v = raw(key);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<std::int64_t>(v.get<double>()))) {
    return static_cast<std::int64_t>(v.get<double>());
  }
  fail(key, "must be an integer");
}

std::int64_t ConfigReader::integer(const std::string& key, std::int64_t fallback) const {
  return is_null(key) ? fallback : integer(key);
}

double ConfigReader::number(const std::string& key, double fallback) const {
  if (is_null(key)) return fallback;
  const Json& v = config_[key];
  if (!v.is_number()) fail(key, "must be a number");
  return v.get<double>();
}

bool ConfigReader::boolean(const std::string& key, bool fallback) const {
  if (is_null(key)) return fallback;
  const Json& v = config_[key];
  if (!v.is_boolean()) fail(key, "must be true or false");
  return v.get<bool>();
}

std::string ConfigReader::string(const std::string& key, const std::string& fallback) const {
  if (is_null(key)) return fallback;
  const Json& v = config_[key];
  if (!v.is_string()) fail(key, "must be a string");
  return v.get<std::string>();
}

template <std::size_t N>
std::array<int, N> ConfigReader::ints(const std::string& key, std::optional<std::array<int, N>> fallback) const {
  const std::string expected = "must be an integer or a list of " + std::to_string(N) + " integers";
  if (is_null(key)) {
    if (fallback) return *fallback;
    fail(key, expected);
  }
  const Json& v = config_[key];
  std::array<int, N> out{};
  if (v.is_number_integer()) {
    out.fill(v.get<int>());
    return out;
  }
  if (!v.is_array() || v.size() != N) fail(key, expected);
  for (std::size_t i = 0; i < N; ++i) {
    if (!v[i].is_number_integer()) fail(key, expected);
    out[i] = v[i].get<int>();
  }
  return out;
}

template std::array<int, 1> ConfigReader::ints(const std::string&, std::optional<std::array<int, 1>>) const;
template std::array<int, 2> ConfigReader::ints(const std::string&, std::optional<std::array<int, 2>>) const;
template std::array<int, 3> ConfigReader::ints(const std::string&, std::optional<std::array<int, 3>>) const;

std::vector<std::int64_t> ConfigReader::shape(const std::string& key) const {
  const Json& v = raw(key);
  if (!v.is_array()) fail(key, "must be a list of dimensions");
  std::vector<std::int64_t> out;
  for (const Json& d : v) {
    if (d.is_null()) {
      out.push_back(-1);
    } else if (d.is_number_integer() && d.get<std::int64_t>() >= 0) {
      out.push_back(d.get<std::int64_t>());
    } else {
      fail(key, "must be a list of non-negative integers or null");
    }
  }
  return out;
}

}  // namespace keras
