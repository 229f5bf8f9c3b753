#pragma once
// keras.layers.GlobalMaxPooling2D, channels_last: (batch, h, w, channels) -> (batch, channels): the maximum over h and
// w. keepdims keeps the reduced axes with length 1.

#include "layers/pooling/base_global_pooling.h"

namespace keras::layers {

class GlobalMaxPooling2D final : public Shareable<GlobalMaxPooling2D, BaseGlobalPooling> {
 public:
  explicit GlobalMaxPooling2D(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "GlobalMaxPooling2D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
