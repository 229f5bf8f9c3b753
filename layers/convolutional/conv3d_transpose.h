#pragma once
// keras.layers.Conv3DTranspose, channels_last: (batch, d, h, w, channels) -> (batch, od, oh, ow, filters),
// kernel (kd, kh, kw, filters, channels), bias (filters). Output sizes: base_conv_transpose.h.

#include <optional>

#include "layers/convolutional/base_conv_transpose.h"
#include "layers/convolutional/conv_utils.h"

namespace keras::layers {

struct Conv3DTransposeOptions {
  Size3 strides = 1;
  std::string padding = "valid";                       ///< "valid" or "same" (any case)
  std::optional<Size3> output_padding = std::nullopt;  ///< Keras None; each entry < strides
  std::string data_format = "channels_last";
  Size3 dilation_rate = 1;
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

class Conv3DTranspose final : public Shareable<Conv3DTranspose, BaseConvTranspose> {
 public:
  using Options = Conv3DTransposeOptions;
  Conv3DTranspose(std::int64_t filters, Size3 kernel_size, Options options = {});
  Conv3DTranspose(std::int64_t filters, Size3 kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv3DTranspose"; }

 private:
  explicit Conv3DTranspose(ConvArgs args);
};

}  // namespace keras::layers
