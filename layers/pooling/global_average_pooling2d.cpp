#include "layers/pooling/global_average_pooling2d.h"

#include "libkeras/ops/ops.h"

namespace keras::layers {

GlobalAveragePooling2D::GlobalAveragePooling2D(Options options)
    : Shareable("global_average_pooling2d", 2, std::move(options)) {}

std::shared_ptr<Layer> GlobalAveragePooling2D::from_config(const Json& config) {
  return std::make_shared<GlobalAveragePooling2D>(parse_config(config, "GlobalAveragePooling2D layer"));
}

Tensor GlobalAveragePooling2D::call(const Tensor& inputs, bool) { return ops::mean(inputs, spatial_axes(), keepdims_); }

}  // namespace keras::layers
