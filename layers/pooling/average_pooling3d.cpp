#include "layers/pooling/average_pooling3d.h"

namespace keras::layers {

AveragePooling3D::AveragePooling3D(Size3 pool_size, Options options)
    : AveragePooling3D(pool_args(3, pool_size, options)) {}

AveragePooling3D::AveragePooling3D(PoolArgs args)
    : Shareable("average_pooling3d", "AveragePooling3D", std::move(args), false) {}

std::shared_ptr<Layer> AveragePooling3D::from_config(const Json& config) {
  PoolArgs args = parse_config(config, "AveragePooling3D layer", 3);
  // The PoolArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<AveragePooling3D>(new AveragePooling3D(std::move(args)));
}

}  // namespace keras::layers
