#include "regularizers/regularizers.h"

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"

namespace keras::regularizers {

namespace {

// Keras' validate_float_arg: finite and non-negative.
double validate_factor(double value, const char* name) {
  if (!std::isfinite(value) || value < 0) {
    throw ValueError(std::string("Invalid value for argument ") + name + ": expected a non-negative float. Received: " +
                     name + "=" + std::to_string(value));
  }
  return value;
}

}  // namespace

L1L2::L1L2(double l1, double l2) : l1_(validate_factor(l1, "l1")), l2_(validate_factor(l2, "l2")) {}

Tensor L1L2::operator()(const Tensor& x) const {
  Tensor penalty = Tensor::scalar(0.0f, x.device());
  if (l1_ > 0) penalty = ops::add(penalty, ops::sum(ops::abs(x)) * static_cast<float>(l1_));
  if (l2_ > 0) penalty = ops::add(penalty, ops::sum(ops::square(x)) * static_cast<float>(l2_));
  return penalty;
}

Json L1L2::get_config() const { return {{"l1", l1_}, {"l2", l2_}}; }
Json L1::get_config() const { return {{"l1", l1_}}; }
Json L2::get_config() const { return {{"l2", l2_}}; }

OrthogonalRegularizer::OrthogonalRegularizer(double factor, const std::string& mode)
    : factor_(validate_factor(factor, "factor")), mode_(mode) {
  if (mode != "rows" && mode != "columns") {
    throw ValueError("Invalid value for argument `mode`. Expected one of {\"rows\", \"columns\"}. Received: mode=" +
                     mode);
  }
}

Tensor OrthogonalRegularizer::operator()(const Tensor& x) const {
  if (x.rank() != 2) {
    throw ShapeError("Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=" +
                     x.shape().to_string());
  }
  const bool rows = mode_ == "rows";
  const int axis = rows ? 1 : 0;
  const std::int64_t size = rows ? x.dim(0) : x.dim(1);
  // keras.utils.normalize: x * rsqrt(max(sum(x^2), epsilon^2)), so zero vectors stay finite.
  constexpr float kEpsilon = 1e-7f;
  Tensor sq = ops::maximum(ops::sum(ops::square(x), {axis}, true), Tensor::scalar(kEpsilon * kEpsilon, x.device()));
  Tensor u = ops::divide(x, ops::sqrt(sq));
  Tensor product = rows ? ops::matmul(u, u, false, true) : ops::matmul(u, u, true, false);
  std::vector<float> off(static_cast<std::size_t>(size * size), 1.0f);
  for (std::int64_t i = 0; i < size; ++i) off[static_cast<std::size_t>(i * size + i)] = 0.0f;
  Tensor off_diagonal = Tensor::from_vector(off, Shape{size, size}).to(x.device());
  const double num_pairs = static_cast<double>(size) * (static_cast<double>(size) - 1.0) / 2.0;
  return ops::sum(ops::abs(ops::multiply(product, off_diagonal))) * static_cast<float>(factor_ * 0.5 / num_pairs);
}

Json OrthogonalRegularizer::get_config() const { return {{"factor", factor_}, {"mode", mode_}}; }

namespace {

using Factory = std::function<std::shared_ptr<Regularizer>(const Json&)>;

void register_builtin_regularizers(Registry<Factory>& r) {
  Factory l1 = [](const Json& c) { return std::make_shared<L1>(ConfigReader(c, "L1 regularizer").number("l1", 0.01)); };
  Factory l2 = [](const Json& c) { return std::make_shared<L2>(ConfigReader(c, "L2 regularizer").number("l2", 0.01)); };
  Factory l1l2 = [](const Json& c) {
    ConfigReader cr(c, "L1L2 regularizer");
    return std::make_shared<L1L2>(cr.number("l1", 0.0), cr.number("l2", 0.0));
  };
  Factory orthogonal = [](const Json& c) {
    ConfigReader cr(c, "OrthogonalRegularizer");
    return std::make_shared<OrthogonalRegularizer>(cr.number("factor", 0.01), cr.string("mode", "rows"));
  };
  // Keras 3 accepts each class name and its snake case (to_snake_case("L1L2") == "l1l2").
  for (const char* n : {"L1", "l1"}) r.add(n, l1);
  for (const char* n : {"L2", "l2"}) r.add(n, l2);
  for (const char* n : {"L1L2", "l1l2", "l1_l2"}) r.add(n, l1l2);
  for (const char* n : {"OrthogonalRegularizer", "orthogonal_regularizer"}) r.add(n, orthogonal);
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("regularizer");
    register_builtin_regularizers(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Regularizer> get(const std::string& name) {
  if (name == "l1_l2") return std::make_shared<L1L2>(0.01, 0.01);
  return registry().get(name)(Json::object());
}

std::shared_ptr<Regularizer> deserialize(const Json& config) {
  if (config.is_null()) return nullptr;
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid regularizer config: expected null, a name or an object with 'class_name', received " +
                     config.dump());
  }
  return registry().get(config["class_name"].get<std::string>())(config.value("config", Json::object()));
}

Json serialize(const Regularizer* regularizer) {
  if (!regularizer) return nullptr;
  return {{"module", "keras.regularizers"},
          {"class_name", regularizer->class_name()},
          {"config", regularizer->get_config()},
          {"registered_name", nullptr}};
}

std::shared_ptr<Regularizer> deserialize_field(const ConfigReader& config, const std::string& key) {
  if (config.is_null(key)) return nullptr;
  try {
    return deserialize(config.raw(key));
  } catch (const ValueError& e) {
    config.fail(key, std::string("is not a valid regularizer (") + e.what() + ")");
  }
}

}  // namespace keras::regularizers
