#include "layers/pooling/global_max_pooling2d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalMaxPooling2D::GlobalMaxPooling2D(Options options) : Shareable("global_max_pooling2d", 2, std::move(options)) {}

std::shared_ptr<Layer> GlobalMaxPooling2D::from_config(const Json& config) {
  return std::make_shared<GlobalMaxPooling2D>(parse_config(config, "GlobalMaxPooling2D layer"));
}

Tensor GlobalMaxPooling2D::call(const Tensor& inputs, bool) { return ops::max(inputs, spatial_axes(), keepdims_); }

}  // namespace keras::layers
