#pragma once
// keras.layers.Cropping3D, channels_last: (batch, d, h, w, channels) -> each spatial axis shrinks by its (before,
// after) cropping. `cropping`: an int, one int per spatial axis, or one (before, after) pair per axis.

#include "layers/reshaping/base_cropping.h"

namespace keras::layers {

class Cropping3D final : public Shareable<Cropping3D, BaseCropping> {
 public:
  explicit Cropping3D(SidePairs3 cropping = 1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);
  std::string class_name() const override { return "Cropping3D"; }
};

}  // namespace keras::layers
