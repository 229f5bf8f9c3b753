#include "layers/convolutional/depthwise_conv2d.h"

namespace keras::layers {

DepthwiseConv2D::DepthwiseConv2D(Size2 kernel_size, Options options)
    : DepthwiseConv2D(depthwise_conv_args(2, kernel_size, options)) {}

DepthwiseConv2D::DepthwiseConv2D(Size2 kernel_size, const std::string& activation)
    : DepthwiseConv2D(kernel_size, Options{.activation = activation}) {}

DepthwiseConv2D::DepthwiseConv2D(ConvArgs args) : Shareable("depthwise_conv2d", "DepthwiseConv2D", std::move(args)) {}

std::shared_ptr<Layer> DepthwiseConv2D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "DepthwiseConv2D layer", 2);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<DepthwiseConv2D>(new DepthwiseConv2D(std::move(args)));
}

}  // namespace keras::layers
