#pragma once
// keras.layers.DepthwiseConv1D, channels_last: (batch, steps, channels) ->
// (batch, new_steps, channels * depth_multiplier); kernel (kernel_size, channels, depth_multiplier).

#include "layers/convolutional/base_depthwise_conv.h"

namespace keras::layers {

struct DepthwiseConv1DOptions {
  int strides = 1;
  std::string padding = "valid";  ///< "valid" or "same" (any case)
  int depth_multiplier = 1;
  std::string data_format = "channels_last";
  int dilation_rate = 1;
  std::string activation = "linear";  ///< Keras None
  bool use_bias = true;
  InitializerArg depthwise_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg depthwise_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};
  ConstraintArg depthwise_constraint = {};
  ConstraintArg bias_constraint = {};
  std::string name = "";
};

class DepthwiseConv1D final : public Shareable<DepthwiseConv1D, BaseDepthwiseConv> {
 public:
  using Options = DepthwiseConv1DOptions;
  explicit DepthwiseConv1D(int kernel_size, Options options = {});
  DepthwiseConv1D(int kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "DepthwiseConv1D"; }

 private:
  explicit DepthwiseConv1D(ConvArgs args);
};

}  // namespace keras::layers
