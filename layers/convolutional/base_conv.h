#pragma once
// Keras' BaseConv, channels_last: the shared body of Conv1D, Conv2D and Conv3D.
//   outputs = activation(conv(inputs, kernel, groups) + bias)
// Input (batch, *spatial, channels) -> output (batch, *out_spatial, filters); kernel
// (*kernel_size, channels / groups, filters), bias (filters). Input channels and filters must be
// divisible by groups; group g convolves channel slice g into filter slice g.

#include "activations/activations.h"
#include "layers/convolutional/conv_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

class BaseConv : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  /// `label` is the class name for messages ("Conv1D").
  BaseConv(const std::string& prefix, const std::string& label, ConvArgs args);
  /// Reads a Conv1D/2D/3D config (`what` names it: "Conv1D layer").
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

/// ConvArgs from the Options of Conv1D, Conv2D or Conv3D (same fields, per-rank tuple types).
template <class Tuple, class Options>
ConvArgs conv_args(int rank, std::int64_t filters, Tuple kernel_size, const Options& o) {
  ConvArgs a;
  a.rank = rank;
  a.filters = filters;
  a.kernel_size = tuple_values(kernel_size);
  a.strides = tuple_values(o.strides);
  a.padding = o.padding;
  a.data_format = o.data_format;
  a.dilation_rate = tuple_values(o.dilation_rate);
  a.groups = o.groups;
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
