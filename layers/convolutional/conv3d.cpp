#include "layers/convolutional/conv3d.h"

namespace keras::layers {

Conv3D::Conv3D(std::int64_t filters, Size3 kernel_size, Options options)
    : Conv3D(conv_args(3, filters, kernel_size, options)) {}

Conv3D::Conv3D(std::int64_t filters, Size3 kernel_size, const std::string& activation)
    : Conv3D(filters, kernel_size, Options{.activation = activation}) {}

Conv3D::Conv3D(ConvArgs args) : Shareable("conv3d", "Conv3D", std::move(args)) {}

std::shared_ptr<Layer> Conv3D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv3D layer", 3);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv3D>(new Conv3D(std::move(args)));
}

}  // namespace keras::layers
