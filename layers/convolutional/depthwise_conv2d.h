#pragma once
// keras.layers.DepthwiseConv2D, channels_last: (batch, h, w, channels) ->
// (batch, oh, ow, channels * depth_multiplier); kernel (kh, kw, channels, depth_multiplier).

#include "layers/convolutional/base_depthwise_conv.h"

namespace keras::layers {

struct DepthwiseConv2DOptions {
  Size2 strides = 1;
  std::string padding = "valid";  ///< "valid" or "same" (any case)
  int depth_multiplier = 1;
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
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

class DepthwiseConv2D final : public Shareable<DepthwiseConv2D, BaseDepthwiseConv> {
 public:
  using Options = DepthwiseConv2DOptions;
  explicit DepthwiseConv2D(Size2 kernel_size, Options options = {});
  DepthwiseConv2D(Size2 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "DepthwiseConv2D"; }

 private:
  explicit DepthwiseConv2D(ConvArgs args);
};

}  // namespace keras::layers
