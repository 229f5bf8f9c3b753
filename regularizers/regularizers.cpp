#include "regularizers/regularizers.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"

namespace keras::regularizers {

L1L2::L1L2(double l1, double l2) : l1_(l1), l2_(l2) {
  if (l1 < 0 || l2 < 0) {
    throw ValueError("Regularizer factors must be non-negative, received l1=" + std::to_string(l1) +
                     ", l2=" + std::to_string(l2));
  }
}

Tensor L1L2::operator()(const Tensor& x) const {
  Tensor penalty = Tensor::scalar(0.0f, x.device());
  if (l1_ > 0) penalty = ops::add(penalty, ops::sum(ops::abs(x)) * static_cast<float>(l1_));
  if (l2_ > 0) penalty = ops::add(penalty, ops::sum(ops::square(x)) * static_cast<float>(l2_));
  return penalty;
}

Json L1L2::get_config() const { return {{"l1", l1_}, {"l2", l2_}}; }
Json L1::get_config() const { return {{"l1", l1_}}; }
Json L2::get_config() const { return {{"l2", l2_}}; }

namespace {

using Factory = std::function<std::shared_ptr<Regularizer>(const Json&)>;

void register_builtin_regularizers(Registry<Factory>& r) {
  Factory l1 = [](const Json& c) { return std::make_shared<L1>(ConfigReader(c, "L1 regularizer").number("l1", 0.01)); };
  Factory l2 = [](const Json& c) { return std::make_shared<L2>(ConfigReader(c, "L2 regularizer").number("l2", 0.01)); };
  Factory l1l2 = [](const Json& c) {
    ConfigReader cr(c, "L1L2 regularizer");
    return std::make_shared<L1L2>(cr.number("l1", 0.0), cr.number("l2", 0.0));
  };
  for (const char* n : {"L1", "l1"}) r.add(n, l1);
  for (const char* n : {"L2", "l2"}) r.add(n, l2);
  for (const char* n : {"L1L2", "l1_l2"}) r.add(n, l1l2);
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
  // keras.regularizers.get("l1_l2") gives L1L2(l1=0.01, l2=0.01).
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

}  // namespace keras::regularizers
