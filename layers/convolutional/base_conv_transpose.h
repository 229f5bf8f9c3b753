#pragma once
// Keras' BaseConvTranspose, channels_last: the shared body of Conv1DTranspose and
// Conv2DTranspose (the gradient of a convolution with respect to its input, used as a layer).
//   outputs = activation(conv_transpose(inputs, kernel) + bias)
// Input (batch, *spatial, channels) -> output (batch, *out_spatial, filters); kernel
// (*kernel_size, filters, channels), bias (filters). Per axis, with k the dilated kernel size:
//   padding "valid": out = (in - 1) * strides + k + output_padding (None: max(k, strides) - k);
//   padding "same":  out = in * strides, or (in - 1) * strides + k % 2 + output_padding.

#include <optional>

#include "activations/activations.h"
#include "layers/convolutional/conv_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

class BaseConvTranspose : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("Conv2DTranspose").
  BaseConvTranspose(const std::string& prefix, const std::string& label, ConvArgs args);
  /// Reads a Conv1DTranspose/Conv2DTranspose config (`what` names it).
  static ConvArgs parse_config(const Json& config, const std::string& what, int rank);

  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string label() const;

  std::string class_label_;
  ConvArgs args_;
  activations::Function activation_;
  Variable* kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

/// ConvArgs from the Options of Conv1DTranspose or Conv2DTranspose.
template <class Tuple, class Options>
ConvArgs conv_transpose_args(int rank, std::int64_t filters, Tuple kernel_size, const Options& o) {
  ConvArgs a;
  a.rank = rank;
  a.filters = filters;
  a.kernel_size = tuple_values(kernel_size);
  a.strides = tuple_values(o.strides);
  a.padding = o.padding;
  if (o.output_padding) a.output_padding = tuple_values(*o.output_padding);
  a.data_format = o.data_format;
  a.dilation_rate = tuple_values(o.dilation_rate);
  a.activation = o.activation;
  a.use_bias = o.use_bias;
  a.kernel_initializer = o.kernel_initializer;
  a.bias_initializer = o.bias_initializer;
  a.kernel_regularizer = o.kernel_regularizer;
  a.bias_regularizer = o.bias_regularizer;
  a.activity_regularizer = o.activity_regularizer;
  a.kernel_constraint = o.kernel_constraint;
  a.bias_constraint = o.bias_constraint;
  a.name = o.name;
  return a;
}

}  // namespace keras::layers
