#pragma once
// keras.layers.Conv1D, channels_last: (batch, steps, channels) -> (batch, new_steps, filters),
// kernel (kernel_size, channels / groups, filters), bias (filters). padding "causal" pads the
// past only, so output t depends on inputs up to t (WaveNet-style temporal convolution).

#include "layers/convolutional/base_conv.h"

namespace keras::layers {

struct Conv1DOptions {
  int strides = 1;
  std::string padding = "valid";  ///< "valid", "same" or "causal" (any case)
  std::string data_format = "channels_last";
  int dilation_rate = 1;
  int groups = 1;
  std::string activation = "linear";  ///< Keras None
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};
  ConstraintArg kernel_constraint = {};
  ConstraintArg bias_constraint = {};
  std::string name = "";
};

class Conv1D final : public Shareable<Conv1D, BaseConv> {
 public:
  using Options = Conv1DOptions;
  Conv1D(std::int64_t filters, int kernel_size, Options options = {});
  Conv1D(std::int64_t filters, int kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv1D"; }

 private:
  explicit Conv1D(ConvArgs args);
};

}  // namespace keras::layers
