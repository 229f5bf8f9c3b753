#pragma once
// keras.layers.ZeroPadding2D, channels_last: (batch, h, w, channels) -> (batch, top + h + bottom, left + w + right,
// channels). `padding`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_zero_padding.h"

namespace keras::layers {

class ZeroPadding2D final : public Shareable<ZeroPadding2D, BaseZeroPadding> {
 public:
  explicit ZeroPadding2D(SidePairs2 padding = 1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "ZeroPadding2D"; }
};

}  // namespace keras::layers
