#pragma once
// keras.layers.Conv2DTranspose, channels_last: (batch, h, w, channels) -> (batch, oh, ow, filters),
// kernel (kh, kw, filters, channels), bias (filters). Output sizes: base_conv_transpose.h.

#include <optional>

#include "layers/convolutional/base_conv_transpose.h"

namespace keras::layers {

struct Conv2DTransposeOptions {
  Size2 strides = 1;
  std::string padding = "valid";                       ///< "valid" or "same" (any case)
  std::optional<Size2> output_padding = std::nullopt;  ///< Keras None; each entry < strides
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
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

class Conv2DTranspose final : public Shareable<Conv2DTranspose, BaseConvTranspose> {
 public:
  using Options = Conv2DTransposeOptions;
  Conv2DTranspose(std::int64_t filters, Size2 kernel_size, Options options = {});
  Conv2DTranspose(std::int64_t filters, Size2 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv2DTranspose"; }

 private:
  explicit Conv2DTranspose(ConvArgs args);
};

}  // namespace keras::layers
