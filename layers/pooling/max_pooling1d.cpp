#include "layers/pooling/max_pooling1d.h"

namespace keras::layers {

MaxPooling1D::MaxPooling1D(int pool_size, Options options) : MaxPooling1D(pool_args(1, pool_size, options)) {}

MaxPooling1D::MaxPooling1D(PoolArgs args) : Shareable("max_pooling1d", "MaxPooling1D", std::move(args), true) {}

std::shared_ptr<Layer> MaxPooling1D::from_config(const Json& config) {
  PoolArgs args = parse_config(config, "MaxPooling1D layer", 1);
  // The PoolArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<MaxPooling1D>(new MaxPooling1D(std::move(args)));
}

}  // namespace keras::layers
