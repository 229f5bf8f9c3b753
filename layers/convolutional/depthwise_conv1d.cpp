#include "layers/convolutional/depthwise_conv1d.h"

namespace keras::layers {

DepthwiseConv1D::DepthwiseConv1D(int kernel_size, Options options)
    : DepthwiseConv1D(depthwise_conv_args(1, kernel_size, options)) {}

DepthwiseConv1D::DepthwiseConv1D(int kernel_size, const std::string& activation)
    : DepthwiseConv1D(kernel_size, Options{.activation = activation}) {}

DepthwiseConv1D::DepthwiseConv1D(ConvArgs args) : Shareable("depthwise_conv1d", "DepthwiseConv1D", std::move(args)) {}

std::shared_ptr<Layer> DepthwiseConv1D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "DepthwiseConv1D layer", 1);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<DepthwiseConv1D>(new DepthwiseConv1D(std::move(args)));
}

}  // namespace keras::layers
