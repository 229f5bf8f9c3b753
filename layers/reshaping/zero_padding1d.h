#pragma once
// keras.layers.ZeroPadding1D, channels_last: (batch, steps, channels) -> (batch, before + steps + after, channels).
// `padding`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_zero_padding.h"

namespace keras::layers {

class ZeroPadding1D final : public Shareable<ZeroPadding1D, BaseZeroPadding> {
 public:
  explicit ZeroPadding1D(SidePair padding = 1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "ZeroPadding1D"; }
};

}  // namespace keras::layers
