#include "layers/pooling/global_average_pooling3d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalAveragePooling3D::GlobalAveragePooling3D(Options options)
    : Shareable("global_average_pooling3d", 3, std::move(options)) {}

std::shared_ptr<Layer> GlobalAveragePooling3D::from_config(const Json& config) {
  return std::make_shared<GlobalAveragePooling3D>(parse_config(config, "GlobalAveragePooling3D layer"));
}

Tensor GlobalAveragePooling3D::call(const Tensor& inputs, bool) { return ops::mean(inputs, spatial_axes(), keepdims_); }

}  // namespace keras::layers
