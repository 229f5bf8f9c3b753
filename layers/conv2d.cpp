#include "layers/conv2d.h"

namespace keras::layers {

Conv2D::Conv2D(std::int64_t filters, Size2 kernel_size, Options options)
    : Conv2D(conv_args(2, filters, kernel_size, options)) {}

Conv2D::Conv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation)
    : Conv2D(filters, kernel_size, Options{.activation = activation}) {}

Conv2D::Conv2D(ConvArgs args) : Shareable("conv2d", "Conv2D", std::move(args)) {}

std::shared_ptr<Layer> Conv2D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv2D layer", 2);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv2D>(new Conv2D(std::move(args)));
}

}  // namespace keras::layers
