#pragma once
// keras.layers.MaxPooling3D, channels_last: (batch, d, h, w, channels) -> (batch, od, oh, ow, channels): the maximum of
// each window (semantics in base_pooling.h).

#include "layers/pooling/base_pooling.h"

namespace keras::layers {

class MaxPooling3D final : public Shareable<MaxPooling3D, BasePooling> {
 public:
  using Options = Pooling3DOptions;
  explicit MaxPooling3D(Size3 pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "MaxPooling3D"; }

 private:
  explicit MaxPooling3D(PoolArgs args);
};

}  // namespace keras::layers
