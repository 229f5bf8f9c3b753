#pragma once
// keras.layers.GlobalAveragePooling2D, channels_last: (batch, h, w, channels) -> (batch, channels): the mean over h and
// w. keepdims keeps the reduced axes with length 1.

#include "layers/pooling/base_global_pooling.h"

namespace keras::layers {

class GlobalAveragePooling2D final : public Shareable<GlobalAveragePooling2D, BaseGlobalPooling> {
 public:
  explicit GlobalAveragePooling2D(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "GlobalAveragePooling2D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
