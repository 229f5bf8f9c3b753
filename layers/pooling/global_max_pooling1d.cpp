#include "layers/pooling/global_max_pooling1d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalMaxPooling1D::GlobalMaxPooling1D(Options options) : Shareable("global_max_pooling1d", 1, std::move(options)) {}

std::shared_ptr<Layer> GlobalMaxPooling1D::from_config(const Json& config) {
  return std::make_shared<GlobalMaxPooling1D>(parse_config(config, "GlobalMaxPooling1D layer"));
}

Tensor GlobalMaxPooling1D::call(const Tensor& inputs, bool) { return ops::max(inputs, spatial_axes(), keepdims_); }

}  // namespace keras::layers
