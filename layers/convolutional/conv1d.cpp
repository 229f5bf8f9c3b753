#include "layers/convolutional/conv1d.h"

namespace keras::layers {

Conv1D::Conv1D(std::int64_t filters, int kernel_size, Options options)
    : Conv1D(conv_args(1, filters, kernel_size, options)) {}

Conv1D::Conv1D(std::int64_t filters, int kernel_size, const std::string& activation)
    : Conv1D(filters, kernel_size, Options{.activation = activation}) {}

Conv1D::Conv1D(ConvArgs args) : Shareable("conv1d", "Conv1D", std::move(args)) {}

std::shared_ptr<Layer> Conv1D::from_config(const Json& config) {
  ConvArgs args = parse_config(config, "Conv1D layer", 1);
  // The ConvArgs constructor is private: make_shared cannot reach it.
  return std::shared_ptr<Conv1D>(new Conv1D(std::move(args)));
}

}  // namespace keras::layers
