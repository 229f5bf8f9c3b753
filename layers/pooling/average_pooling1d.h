#pragma once
// keras.layers.AveragePooling1D, channels_last: (batch, steps, channels) -> (batch, new_steps, channels): the mean of
// each window (semantics in base_pooling.h).

#include "layers/pooling/base_pooling.h"

namespace keras::layers {

class AveragePooling1D final : public Shareable<AveragePooling1D, BasePooling> {
 public:
  using Options = Pooling1DOptions;
  explicit AveragePooling1D(int pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "AveragePooling1D"; }

 private:
  explicit AveragePooling1D(PoolArgs args);
};

}  // namespace keras::layers
