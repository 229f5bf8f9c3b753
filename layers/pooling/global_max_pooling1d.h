#pragma once
// keras.layers.GlobalMaxPooling1D, channels_last: (batch, steps, channels) -> (batch, channels): the maximum over the
// steps. keepdims keeps the reduced axes with length 1.

#include "layers/pooling/base_global_pooling.h"

namespace keras::layers {

class GlobalMaxPooling1D final : public Shareable<GlobalMaxPooling1D, BaseGlobalPooling> {
 public:
  explicit GlobalMaxPooling1D(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "GlobalMaxPooling1D"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
