#include "layers/regularization/activity_regularization.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

ActivityRegularization::ActivityRegularization(double l1, double l2, Options options)
    : Shareable("activity_regularization", options.name), l1_(l1), l2_(l2) {
  try {
    activity_regularizer_ = std::make_shared<regularizers::L1L2>(l1, l2);
  } catch (const ValueError& e) {
    throw ValueError("ActivityRegularization layer \"" + name() + "\": " + e.what());
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> ActivityRegularization::from_config(const Json& config) {
  ConfigReader c(config, "ActivityRegularization layer");
  return std::make_shared<ActivityRegularization>(c.number("l1", 0.0), c.number("l2", 0.0),
                                                  Options{.name = c.string("name", "")});
}

Tensor ActivityRegularization::call(const Tensor& inputs, bool) { return inputs; }

Json ActivityRegularization::get_config() const {
  // Keras drops the base config's activity_regularizer entry: l1 and l2 describe it.
  Json c = base_config();
  c["l1"] = l1_;
  c["l2"] = l2_;
  return c;
}

}  // namespace keras::layers
