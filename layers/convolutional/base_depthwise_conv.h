#pragma once
// Keras' BaseDepthwiseConv, channels_last: the shared body of DepthwiseConv1D and
// DepthwiseConv2D. Each input channel is convolved with its own depth_multiplier filters:
//   outputs[..., c * M + m] = activation(sum_window inputs[..., c] * kernel[..., c, m] + bias[c * M + m])
// Input (batch, *spatial, channels) -> output (batch, *out_spatial, channels * M); kernel
// (*kernel_size, channels, M) (Keras 3 names it "kernel"), bias (channels * M).

#include "activations/activations.h"
#include "layers/convolutional/conv_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

class BaseDepthwiseConv : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("DepthwiseConv2D").
  BaseDepthwiseConv(const std::string& prefix, const std::string& label, ConvArgs args);
  /// Reads a DepthwiseConv1D/2D config (`what` names it).
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

/// ConvArgs from the Options of DepthwiseConv1D or DepthwiseConv2D.
template <class Tuple, class Options>
ConvArgs depthwise_conv_args(int rank, Tuple kernel_size, const Options& o) {
  ConvArgs a;
  a.rank = rank;
  a.kernel_size = tuple_values(kernel_size);
  a.strides = tuple_values(o.strides);
  a.padding = o.padding;
  a.depth_multiplier = o.depth_multiplier;
  a.data_format = o.data_format;
  a.dilation_rate = tuple_values(o.dilation_rate);
  a.activation = o.activation;
  a.use_bias = o.use_bias;
  a.kernel_initializer = o.depthwise_initializer;
  a.bias_initializer = o.bias_initializer;
  a.kernel_regularizer = o.depthwise_regularizer;
  a.bias_regularizer = o.bias_regularizer;
  a.activity_regularizer = o.activity_regularizer;
  a.kernel_constraint = o.depthwise_constraint;
  a.bias_constraint = o.bias_constraint;
  a.name = o.name;
  return a;
}

}  // namespace keras::layers
