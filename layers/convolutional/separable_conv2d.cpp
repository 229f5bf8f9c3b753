#include "layers/convolutional/separable_conv2d.h"

namespace keras::layers {

SeparableConv2D::SeparableConv2D(std::int64_t filters, Size2 kernel_size, Options options)
    : SeparableConv2D(separable_conv_args(2, filters, kernel_size, options)) {}

SeparableConv2D::SeparableConv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation)
    : SeparableConv2D(filters, kernel_size, Options{.activation = activation}) {}

SeparableConv2D::SeparableConv2D(ConvArgs args) : Shareable("separable_conv2d", "SeparableConv2D", std::move(args)) {}

std::shared_ptr<Layer> SeparableConv2D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "SeparableConv2D layer", 2);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<SeparableConv2D>(new SeparableConv2D(std::move(args)));
}

}  // namespace keras::layers
