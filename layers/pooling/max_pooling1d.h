#pragma once
// keras.layers.MaxPooling1D, channels_last: (batch, steps, channels) -> (batch, new_steps, channels): the maximum of
// each window (semantics in base_pooling.h).

#include "layers/pooling/base_pooling.h"

namespace keras::layers {

class MaxPooling1D final : public Shareable<MaxPooling1D, BasePooling> {
 public:
  using Options = Pooling1DOptions;
  explicit MaxPooling1D(int pool_size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "MaxPooling1D"; }

 private:
  explicit MaxPooling1D(PoolArgs args);
};

}  // namespace keras::layers
