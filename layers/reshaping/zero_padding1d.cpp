#include "layers/reshaping/zero_padding1d.h"

namespace keras::layers {

ZeroPadding1D::ZeroPadding1D(SidePair padding, Options options)
    : Shareable("zero_padding1d", "ZeroPadding1D", std::vector<SidePair>{padding}, std::move(options)) {}

std::shared_ptr<Layer> ZeroPadding1D::from_config(const Json& config) {
  Parsed p = parse_config(config, "ZeroPadding1D layer", 1);
  return std::make_shared<ZeroPadding1D>(p.padding[0], p.options);
}

}  // namespace keras::layers
