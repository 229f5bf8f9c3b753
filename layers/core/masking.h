#pragma once
// keras.layers.Masking: masks the timesteps whose features all equal mask_value.
// outputs = inputs * mask[..., None], mask = any(inputs != mask_value, axis=-1); the output
// carries the mask, so downstream layers (and losses) skip those timesteps.
// Input shape (batch, timesteps, features) or any rank >= 1 -> same shape.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct MaskingOptions {
  std::string name = "";
};

class Masking final : public Shareable<Masking> {
 public:
  using Options = MaskingOptions;
  explicit Masking(double mask_value = 0.0, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Masking"; }
  Json get_config() const override;
  double mask_value() const { return mask_value_; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double mask_value_;
};

}  // namespace keras::layers
