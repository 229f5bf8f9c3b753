#pragma once
// keras.layers.GlobalAveragePooling3D, channels_last: (batch, d, h, w, channels) -> (batch, channels): the mean over d,
// h and w. keepdims keeps the reduced axes with length 1.

#include "layers/pooling/base_global_pooling.h"

namespace keras::layers {

class GlobalAveragePooling3D final : public Shareable<GlobalAveragePooling3D, BaseGlobalPooling> {
 public:
  explicit GlobalAveragePooling3D(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "GlobalAveragePooling3D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
