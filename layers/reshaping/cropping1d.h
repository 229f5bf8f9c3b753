#pragma once
// keras.layers.Cropping1D, channels_last: (batch, steps, channels) -> (batch, steps - before - after, channels).
// `cropping`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_cropping.h"

namespace keras::layers {

class Cropping1D final : public Shareable<Cropping1D, BaseCropping> {
 public:
  explicit Cropping1D(SidePair cropping = 1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "Cropping1D"; }
};

}  // namespace keras::layers
