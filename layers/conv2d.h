#pragma once
// keras.layers.Conv2D, channels_last: (batch, h, w, c) -> (batch, out_h, out_w, filters),
// kernel (kh, kw, c / groups, filters), bias (filters). The shared body is BaseConv
// (layers/convolutional/base_conv.h); ungrouped 2-D convolution runs on ops::conv2d.

#include "layers/convolutional/base_conv.h"
#include "layers/convolutional/conv_utils.h"
#include "layers/size2.h"

namespace keras::layers {

struct Conv2DOptions {
  Size2 strides = 1;
  std::string padding = "valid";
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
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

class Conv2D final : public Shareable<Conv2D, BaseConv> {
 public:
  using Options = Conv2DOptions;
  Conv2D(std::int64_t filters, Size2 kernel_size, Options options = {});
  Conv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv2D"; }

 private:
  explicit Conv2D(ConvArgs args);
};

}  // namespace keras::layers
