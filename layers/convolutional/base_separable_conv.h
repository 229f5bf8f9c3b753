#pragma once
// Keras' BaseSeparableConv, channels_last: the shared body of SeparableConv1D and
// SeparableConv2D. A depthwise convolution (depth_multiplier filters per input channel)
// followed by a pointwise (1x1) convolution mixing the channels:
//   outputs = activation(conv(depthwise_conv(inputs, depthwise_kernel), pointwise_kernel) + bias)
// Weights: depthwise_kernel (*kernel_size, channels, M), pointwise_kernel (1, ..., 1,
// channels * M, filters), bias (filters).

#include "activations/activations.h"
#include "layers/convolutional/conv_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

class BaseSeparableConv : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("SeparableConv2D").
  BaseSeparableConv(const std::string& prefix, const std::string& label, ConvArgs args);
  /// Reads a SeparableConv1D/2D config (`what` names it).
  static ConvArgs parse_config(const Json& config, const std::string& what, int rank);

  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string label() const;

  std::string class_label_;
  ConvArgs args_;
  activations::Function activation_;
  Variable* depthwise_kernel_ = nullptr;
  Variable* pointwise_kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

/// ConvArgs from the Options of SeparableConv1D or SeparableConv2D.
template <class Tuple, class Options>
ConvArgs separable_conv_args(int rank, std::int64_t filters, Tuple kernel_size, const Options& o) {
  ConvArgs a;
  a.rank = rank;
  a.filters = filters;
  a.kernel_size = tuple_values(kernel_size);
  a.strides = tuple_values(o.strides);
  a.padding = o.padding;
  a.data_format = o.data_format;
  a.dilation_rate = tuple_values(o.dilation_rate);
  a.depth_multiplier = o.depth_multiplier;
  a.activation = o.activation;
  a.use_bias = o.use_bias;
  a.kernel_initializer = o.depthwise_initializer;
  a.pointwise_initializer = o.pointwise_initializer;
  a.bias_initializer = o.bias_initializer;
  a.kernel_regularizer = o.depthwise_regularizer;
  a.pointwise_regularizer = o.pointwise_regularizer;
  a.bias_regularizer = o.bias_regularizer;
  a.activity_regularizer = o.activity_regularizer;
  a.kernel_constraint = o.depthwise_constraint;
  a.pointwise_constraint = o.pointwise_constraint;
  a.bias_constraint = o.bias_constraint;
  a.name = o.name;
  return a;
}

}  // namespace keras::layers
