#include "layers/pooling/average_pooling1d.h"

namespace keras::layers {

AveragePooling1D::AveragePooling1D(int pool_size, Options options)
    : AveragePooling1D(pool_args(1, pool_size, options)) {}

AveragePooling1D::AveragePooling1D(PoolArgs args)
    : Shareable("average_pooling1d", "AveragePooling1D", std::move(args), false) {}

std::shared_ptr<Layer> AveragePooling1D::from_config(const Json& config) {
  PoolArgs args = parse_config(config, "AveragePooling1D layer", 1);
  // The PoolArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<AveragePooling1D>(new AveragePooling1D(std::move(args)));
}

}  // namespace keras::layers
