#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/registry.h"
#include "optimizers/optimizers.h"

namespace keras::optimizers {

namespace {

using Factory = std::function<std::shared_ptr<Optimizer>(const Json&)>;

void register_builtin_optimizers(Registry<Factory>& r) {
  r.add("SGD", &SGD::from_config);
  r.add("Adam", &Adam::from_config);
  r.add("AdamW", &AdamW::from_config);
  r.add("RMSprop", &RMSprop::from_config);
  r.add("Adagrad", &Adagrad::from_config);
  r.add("Adadelta", &Adadelta::from_config);
  r.add("Adamax", &Adamax::from_config);
  r.add("Nadam", &Nadam::from_config);
  r.add("Lion", &Lion::from_config);
  r.add("Ftrl", &Ftrl::from_config);
  r.add("Lamb", &Lamb::from_config);
}

// Keras matches optimizer strings case-insensitively against class names ("adam", "sgd").
const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("optimizer", /*case_insensitive=*/true);
    register_builtin_optimizers(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Optimizer> get(const std::string& name) { return registry().get(name)(Json::object()); }

std::shared_ptr<Optimizer> deserialize(const Json& config) {
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid optimizer config: expected a name or an object with 'class_name', received " +
                     config.dump());
  }
  std::string cls = config["class_name"].get<std::string>();
  // Keras 2.11+ files may name built-ins "Custom>Adam".
  if (cls.rfind("Custom>", 0) == 0) cls = cls.substr(7);
  return registry().get(cls)(config.value("config", Json::object()));
}

std::vector<std::string> names() { return registry().names(); }

}  // namespace keras::optimizers
