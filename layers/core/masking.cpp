#include "layers/core/masking.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Masking::Masking(double mask_value, Options options) : Shareable("masking", options.name), mask_value_(mask_value) {
  supports_masking_ = true;
  input_spec_.min_ndim = 1;
}

std::shared_ptr<Layer> Masking::from_config(const Json& config) {
  ConfigReader c(config, "Masking layer");
  return std::make_shared<Masking>(c.number("mask_value", 0.0), Options{.name = c.string("name", "")});
}

Tensor Masking::call(const Tensor& inputs, bool) {
  Tensor value = Tensor::scalar(static_cast<float>(mask_value_), inputs.device());
  Tensor differs = ops::subtract(Tensor::scalar(1.0f, inputs.device()), ops::equal(inputs, value));
  Tensor keep = ops::max(differs, {-1}, true);
  Tensor outputs = ops::multiply(inputs, keep);
  // The mask replaces any incoming one, as Keras' Masking.compute_mask ignores its mask argument.
  outputs.set_mask(ops::squeeze(keep, -1));
  return outputs;
}

Json Masking::get_config() const {
  Json c = base_config();
  c["mask_value"] = mask_value_;
  return c;
}

}  // namespace keras::layers
