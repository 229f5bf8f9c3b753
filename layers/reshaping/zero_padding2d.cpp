#include "layers/reshaping/zero_padding2d.h"

namespace keras::layers {

ZeroPadding2D::ZeroPadding2D(SidePairs2 padding, Options options)
    : Shareable("zero_padding2d", "ZeroPadding2D", padding.axes, std::move(options)) {}

std::shared_ptr<Layer> ZeroPadding2D::from_config(const Json& config) {
  Parsed p = parse_config(config, "ZeroPadding2D layer", 2);
  return std::make_shared<ZeroPadding2D>(SidePairs2(p.padding[0], p.padding[1]), p.options);
}

}  // namespace keras::layers
