#include "layers/reshaping/cropping3d.h"

namespace keras::layers {

Cropping3D::Cropping3D(SidePairs3 cropping, Options options)
    : Shareable("cropping3d", "Cropping3D", cropping.axes, std::move(options), true) {}

std::shared_ptr<Layer> Cropping3D::from_config(const Json& config) {
  Parsed p = parse_config(config, "Cropping3D layer", 3, 1);
  return std::make_shared<Cropping3D>(SidePairs3(p.cropping[0], p.cropping[1], p.cropping[2]), p.options);
}

}  // namespace keras::layers
