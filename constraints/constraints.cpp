#include "constraints/constraints.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"

namespace keras::constraints {

namespace {

// Keras adds epsilon (1e-7) to norms before dividing.
constexpr float kEpsilon = 1e-7f;

Tensor norm(const Tensor& w, const std::vector<int>& axis) { return ops::sqrt(ops::sum(ops::square(w), axis, true)); }

// An empty axis list is Keras' axis=None: the norm runs over the whole tensor.
Json axis_json(const std::vector<int>& axis) {
  if (axis.empty()) return nullptr;
  return axis.size() == 1 ? Json(axis[0]) : Json(axis);
}

std::vector<int> axis_of(const Json& c, const char* what) {
  if (!c.contains("axis")) return {0};
  const Json& a = c["axis"];
  if (a.is_null()) return {};
  if (a.is_number_integer()) return {a.get<int>()};
  if (a.is_array() && std::all_of(a.begin(), a.end(), [](const Json& v) { return v.is_number_integer(); })) {
    return a.get<std::vector<int>>();
  }
  ConfigReader(c, what).fail("axis", "must be null, an integer or a list of integers");
}

}  // namespace

MaxNorm::MaxNorm(double max_value, std::vector<int> axis) : max_value_(max_value), axis_(std::move(axis)) {}

Tensor MaxNorm::operator()(const Tensor& w) const {
  Tensor n = norm(w, axis_);
  Tensor desired = ops::clip(n, 0.0f, static_cast<float>(max_value_));
  return ops::multiply(w, ops::divide(desired, n + kEpsilon));
}

Json MaxNorm::get_config() const { return {{"max_value", max_value_}, {"axis", axis_json(axis_)}}; }

Tensor NonNeg::operator()(const Tensor& w) const { return ops::maximum(w, Tensor::scalar(0.0f, w.device())); }

Json NonNeg::get_config() const { return Json::object(); }

UnitNorm::UnitNorm(std::vector<int> axis) : axis_(std::move(axis)) {}

Tensor UnitNorm::operator()(const Tensor& w) const { return ops::divide(w, norm(w, axis_) + kEpsilon); }

Json UnitNorm::get_config() const { return {{"axis", axis_json(axis_)}}; }

MinMaxNorm::MinMaxNorm(double min_value, double max_value, double rate, std::vector<int> axis)
    : min_value_(min_value), max_value_(max_value), rate_(rate), axis_(std::move(axis)) {}

Tensor MinMaxNorm::operator()(const Tensor& w) const {
  Tensor n = norm(w, axis_);
  Tensor clipped = ops::clip(n, static_cast<float>(min_value_), static_cast<float>(max_value_));
  Tensor desired = clipped * static_cast<float>(rate_) + n * static_cast<float>(1.0 - rate_);
  return ops::multiply(w, ops::divide(desired, n + kEpsilon));
}

Json MinMaxNorm::get_config() const {
  return {{"min_value", min_value_}, {"max_value", max_value_}, {"rate", rate_}, {"axis", axis_json(axis_)}};
}

namespace {

using Factory = std::function<std::shared_ptr<Constraint>(const Json&)>;

void register_builtin_constraints(Registry<Factory>& r) {
  Factory max_norm = [](const Json& c) {
    ConfigReader cr(c, "MaxNorm constraint");
    return std::make_shared<MaxNorm>(cr.number("max_value", 2.0), axis_of(c, "MaxNorm constraint"));
  };
  Factory non_neg = [](const Json&) { return std::make_shared<NonNeg>(); };
  Factory unit_norm = [](const Json& c) { return std::make_shared<UnitNorm>(axis_of(c, "UnitNorm constraint")); };
  Factory min_max = [](const Json& c) {
    ConfigReader cr(c, "MinMaxNorm constraint");
    return std::make_shared<MinMaxNorm>(cr.number("min_value", 0.0), cr.number("max_value", 1.0),
                                        cr.number("rate", 1.0), axis_of(c, "MinMaxNorm constraint"));
  };
  for (const char* n : {"MaxNorm", "max_norm"}) r.add(n, max_norm);
  for (const char* n : {"NonNeg", "non_neg"}) r.add(n, non_neg);
  for (const char* n : {"UnitNorm", "unit_norm"}) r.add(n, unit_norm);
  for (const char* n : {"MinMaxNorm", "min_max_norm"}) r.add(n, min_max);
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("constraint");
    register_builtin_constraints(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Constraint> get(const std::string& name) { return registry().get(name)(Json::object()); }

std::shared_ptr<Constraint> deserialize(const Json& config) {
  if (config.is_null()) return nullptr;
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid constraint config: expected null, a name or an object with 'class_name', received " +
                     config.dump());
  }
  return registry().get(config["class_name"].get<std::string>())(config.value("config", Json::object()));
}

Json serialize(const Constraint* constraint) {
  if (!constraint) return nullptr;
  return {{"module", "keras.constraints"},
          {"class_name", constraint->class_name()},
          {"config", constraint->get_config()},
          {"registered_name", nullptr}};
}

std::shared_ptr<Constraint> deserialize_field(const ConfigReader& config, const std::string& key) {
  if (config.is_null(key)) return nullptr;
  try {
    return deserialize(config.raw(key));
  } catch (const ValueError& e) {
    config.fail(key, std::string("is not a valid constraint (") + e.what() + ")");
  }
}

}  // namespace keras::constraints
