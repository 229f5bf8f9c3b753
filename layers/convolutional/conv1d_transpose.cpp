#include "layers/convolutional/conv1d_transpose.h"

namespace keras::layers {

Conv1DTranspose::Conv1DTranspose(std::int64_t filters, int kernel_size, Options options)
    : Conv1DTranspose(conv_transpose_args(1, filters, kernel_size, options)) {}

Conv1DTranspose::Conv1DTranspose(std::int64_t filters, int kernel_size, const std::string& activation)
    : Conv1DTranspose(filters, kernel_size, Options{.activation = activation}) {}

Conv1DTranspose::Conv1DTranspose(ConvArgs args) : Shareable("conv1d_transpose", "Conv1DTranspose", std::move(args)) {}

std::shared_ptr<Layer> Conv1DTranspose::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv1DTranspose layer", 1);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv1DTranspose>(new Conv1DTranspose(std::move(args)));
}

}  // namespace keras::layers
