#include "layers/reshaping/cropping2d.h"

namespace keras::layers {

Cropping2D::Cropping2D(SidePairs2 cropping, Options options)
    : Shareable("cropping2d", "Cropping2D", cropping.axes, std::move(options), true) {}

std::shared_ptr<Layer> Cropping2D::from_config(const Json& config) {
  Parsed p = parse_config(config, "Cropping2D layer", 2, 0);
  return std::make_shared<Cropping2D>(SidePairs2(p.cropping[0], p.cropping[1]), p.options);
}

}  // namespace keras::layers
