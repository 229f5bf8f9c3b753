#include "layers/convolutional/conv3d_transpose.h"

namespace keras::layers {

Conv3DTranspose::Conv3DTranspose(std::int64_t filters, Size3 kernel_size, Options options)
    : Conv3DTranspose(conv_transpose_args(3, filters, kernel_size, options)) {}

Conv3DTranspose::Conv3DTranspose(std::int64_t filters, Size3 kernel_size, const std::string& activation)
    : Conv3DTranspose(filters, kernel_size, Options{.activation = activation}) {}

Conv3DTranspose::Conv3DTranspose(ConvArgs args) : Shareable("conv3d_transpose", "Conv3DTranspose", std::move(args)) {}

std::shared_ptr<Layer> Conv3DTranspose::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv3DTranspose layer", 3);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv3DTranspose>(new Conv3DTranspose(std::move(args)));
}

}  // namespace keras::layers
