#include "layers/pooling/global_max_pooling3d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalMaxPooling3D::GlobalMaxPooling3D(Options options) : Shareable("global_max_pooling3d", 3, std::move(options)) {}

std::shared_ptr<Layer> GlobalMaxPooling3D::from_config(const Json& config) {
  return std::make_shared<GlobalMaxPooling3D>(parse_config(config, "GlobalMaxPooling3D layer"));
}

Tensor GlobalMaxPooling3D::call(const Tensor& inputs, bool) { return ops::max(inputs, spatial_axes(), keepdims_); }

}  // namespace keras::layers
