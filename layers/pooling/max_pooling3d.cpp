#include "layers/pooling/max_pooling3d.h"

namespace keras::layers {

MaxPooling3D::MaxPooling3D(Size3 pool_size, Options options) : MaxPooling3D(pool_args(3, pool_size, options)) {}

MaxPooling3D::MaxPooling3D(PoolArgs args) : Shareable("max_pooling3d", "MaxPooling3D", std::move(args), true) {}

std::shared_ptr<Layer> MaxPooling3D::from_config(const Json& config) {
  PoolArgs args = parse_config(config, "MaxPooling3D layer", 3);
  // The PoolArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<MaxPooling3D>(new MaxPooling3D(std::move(args)));
}

}  // namespace keras::layers
