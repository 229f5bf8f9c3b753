#include "layers/reshaping/cropping1d.h"

namespace keras::layers {

Cropping1D::Cropping1D(SidePair cropping, Options options)
    : Shareable("cropping1d", "Cropping1D", std::vector<SidePair>{cropping}, std::move(options), false) {}

std::shared_ptr<Layer> Cropping1D::from_config(const Json& config) {
  Parsed p = parse_config(config, "Cropping1D layer", 1, 1);
  return std::make_shared<Cropping1D>(p.cropping[0], p.options);
}

}  // namespace keras::layers
