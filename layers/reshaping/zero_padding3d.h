#pragma once
// keras.layers.ZeroPadding3D, channels_last: (batch, d, h, w, channels) -> each spatial axis grows by its (before,
// after) padding. `padding`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_zero_padding.h"

namespace keras::layers {

class ZeroPadding3D final : public Shareable<ZeroPadding3D, BaseZeroPadding> {
 public:
  explicit ZeroPadding3D(SidePairs3 padding = 1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "ZeroPadding3D"; }
};

}  // namespace keras::layers
