#pragma once
// keras.layers.Conv1DTranspose, channels_last: (batch, steps, channels) -> (batch, new_steps, filters),
// kernel (kernel_size, filters, channels), bias (filters). Output lengths: base_conv_transpose.h.

#include <optional>

#include "layers/convolutional/base_conv_transpose.h"

namespace keras::layers {

struct Conv1DTransposeOptions {
  int strides = 1;
  std::string padding = "valid";                     ///< "valid" or "same" (any case)
  std::optional<int> output_padding = std::nullopt;  ///< Keras None; each entry < strides
  std::string data_format = "channels_last";
  int dilation_rate = 1;
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

class Conv1DTranspose final : public Shareable<Conv1DTranspose, BaseConvTranspose> {
 public:
  using Options = Conv1DTransposeOptions;
  Conv1DTranspose(std::int64_t filters, int kernel_size, Options options = {});
  Conv1DTranspose(std::int64_t filters, int kernel_size, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Conv1DTranspose"; }

 private:
  explicit Conv1DTranspose(ConvArgs args);
};

}  // namespace keras::layers
