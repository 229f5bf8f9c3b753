#include "layers/reshaping/zero_padding3d.h"

namespace keras::layers {

ZeroPadding3D::ZeroPadding3D(SidePairs3 padding, Options options)
    : Shareable("zero_padding3d", "ZeroPadding3D", padding.axes, std::move(options)) {}

std::shared_ptr<Layer> ZeroPadding3D::from_config(const Json& config) {
  Parsed p = parse_config(config, "ZeroPadding3D layer", 3);
  return std::make_shared<ZeroPadding3D>(SidePairs3(p.padding[0], p.padding[1], p.padding[2]), p.options);
}

}  // namespace keras::layers
