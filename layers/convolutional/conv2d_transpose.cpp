#include "layers/convolutional/conv2d_transpose.h"

namespace keras::layers {

Conv2DTranspose::Conv2DTranspose(std::int64_t filters, Size2 kernel_size, Options options)
    : Conv2DTranspose(conv_transpose_args(2, filters, kernel_size, options)) {}

Conv2DTranspose::Conv2DTranspose(std::int64_t filters, Size2 kernel_size, const std::string& activation)
    : Conv2DTranspose(filters, kernel_size, Options{.activation = activation}) {}

Conv2DTranspose::Conv2DTranspose(ConvArgs args) : Shareable("conv2d_transpose", "Conv2DTranspose", std::move(args)) {}

std::shared_ptr<Layer> Conv2DTranspose::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv2DTranspose layer", 2);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv2DTranspose>(new Conv2DTranspose(std::move(args)));
}

}  // namespace keras::layers
