#pragma once
// keras.layers.AveragePooling3D, channels_last: (batch, d, h, w, channels) -> (batch, od, oh, ow, channels): the mean
// of each window (semantics in base_pooling.h).

#include "layers/pooling/base_pooling.h"

namespace keras::layers {

class AveragePooling3D final : public Shareable<AveragePooling3D, BasePooling> {
 public:
  using Options = Pooling3DOptions;
  explicit AveragePooling3D(Size3 pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "AveragePooling3D"; }

 private:
  explicit AveragePooling3D(PoolArgs args);
};

}  // namespace keras::layers
