#include "layers/convolutional/separable_conv1d.h"

namespace keras::layers {

SeparableConv1D::SeparableConv1D(std::int64_t filters, int kernel_size, Options options)
    : SeparableConv1D(separable_conv_args(1, filters, kernel_size, options)) {}

SeparableConv1D::SeparableConv1D(std::int64_t filters, int kernel_size, const std::string& activation)
    : SeparableConv1D(filters, kernel_size, Options{.activation = activation}) {}

SeparableConv1D::SeparableConv1D(ConvArgs args) : Shareable("separable_conv1d", "SeparableConv1D", std::move(args)) {}

std::shared_ptr<Layer> SeparableConv1D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "SeparableConv1D layer", 1);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<SeparableConv1D>(new SeparableConv1D(std::move(args)));
}

}  // namespace keras::layers
