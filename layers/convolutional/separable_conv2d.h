#pragma once
// keras.layers.SeparableConv2D, channels_last: (batch, h, w, channels) -> (batch, oh, ow, filters):
// a DepthwiseConv2D then a 1x1 convolution (base_separable_conv.h).

#include "layers/convolutional/base_separable_conv.h"

namespace keras::layers {

struct SeparableConv2DOptions {
  Size2 strides = 1;
  std::string padding = "valid";  ///< "valid" or "same" (any case)
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
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

class SeparableConv2D final : public Shareable<SeparableConv2D, BaseSeparableConv> {
 public:
  using Options = SeparableConv2DOptions;
  SeparableConv2D(std::int64_t filters, Size2 kernel_size, Options options = {});
  SeparableConv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "SeparableConv2D"; }

 private:
  explicit SeparableConv2D(ConvArgs args);
};

}  // namespace keras::layers
