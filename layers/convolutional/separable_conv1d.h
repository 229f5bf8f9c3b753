#pragma once
// keras.layers.SeparableConv1D, channels_last: (batch, steps, channels) -> (batch, new_steps, filters):
// a DepthwiseConv1D then a pointwise convolution (base_separable_conv.h).

#include "layers/convolutional/base_separable_conv.h"

namespace keras::layers {

struct SeparableConv1DOptions {
  int strides = 1;
  std::string padding = "valid";  ///< "valid" or "same" (any case)
  std::string data_format = "channels_last";
  int dilation_rate = 1;
  int depth_multiplier = 1;
  std::string activation = "linear";  ///< Keras None
  bool use_bias = true;
  InitializerArg depthwise_initializer = "glorot_uniform";
  InitializerArg pointwise_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg depthwise_regularizer = {};
  RegularizerArg pointwise_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};
  ConstraintArg depthwise_constraint = {};
  ConstraintArg pointwise_constraint = {};
  ConstraintArg bias_constraint = {};
  std::string name = "";
};

class SeparableConv1D final : public Shareable<SeparableConv1D, BaseSeparableConv> {
 public:
  using Options = SeparableConv1DOptions;
  SeparableConv1D(std::int64_t filters, int kernel_size, Options options = {});
  SeparableConv1D(std::int64_t filters, int kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "SeparableConv1D"; }

 private:
  explicit SeparableConv1D(ConvArgs args);
};

}  // namespace keras::layers
