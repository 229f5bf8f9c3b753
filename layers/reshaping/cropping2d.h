#pragma once
// keras.layers.Cropping2D, channels_last: (batch, h, w, channels) -> (batch, h - top - bottom, w - left - right,
// channels). `cropping`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_cropping.h"

namespace keras::layers {

class Cropping2D final : public Shareable<Cropping2D, BaseCropping> {
 public:
  explicit Cropping2D(SidePairs2 cropping = 0, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "Cropping2D"; }
};

}  // namespace keras::layers
