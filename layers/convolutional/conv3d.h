#pragma once
// keras.layers.Conv3D, channels_last: (batch, d, h, w, channels) -> (batch, od, oh, ow, filters),
// kernel (kd, kh, kw, channels / groups, filters), bias (filters).

#include "layers/convolutional/base_conv.h"

namespace keras::layers {

struct Conv3DOptions {
  Size3 strides = 1;
  std::string padding = "valid";  ///< "valid" or "same" (any case)
  std::string data_format = "channels_last";
  Size3 dilation_rate = 1;
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

class Conv3D final : public Shareable<Conv3D, BaseConv> {
 public:
  using Options = Conv3DOptions;
  Conv3D(std::int64_t filters, Size3 kernel_size, Options options = {});
  Conv3D(std::int64_t filters, Size3 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv3D"; }

 private:
  explicit Conv3D(ConvArgs args);
};

}  // namespace keras::layers
