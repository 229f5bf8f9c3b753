#include "layers/convolutional/base_depthwise_conv.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

BaseDepthwiseConv::BaseDepthwiseConv(const std::string& prefix, const std::string& label, ConvArgs args)
    : Layer(prefix, args.name),
      class_label_(label),
      args_(std::move(args)),
      activation_(activations::get(args_.activation)) {
  args_.name = name();
  if (args_.depth_multiplier <= 0) {
    throw ValueError(this->label() +
                     ": Invalid value for argument `depth_multiplier`. Expected a strictly positive "
                     "value. Received depth_multiplier=" +
                     std::to_string(args_.depth_multiplier));
  }
  validate_conv_args(args_, this->label(), false, false);
  activity_regularizer_ = args_.activity_regularizer.get();
  input_spec_.ndim = args_.rank + 2;
}

std::string BaseDepthwiseConv::label() const { return class_label_ + " \"" + name() + "\""; }

ConvArgs BaseDepthwiseConv::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  ConvArgs a = read_conv_args(c, rank);
  a.depth_multiplier = static_cast<int>(c.integer("depth_multiplier", 1));
  a.kernel_initializer = read_initializer(c, "depthwise_initializer", "glorot_uniform");
  a.kernel_regularizer = read_regularizer(c, "depthwise_regularizer");
  a.kernel_constraint = read_constraint(c, "depthwise_constraint");
  return a;
}

void BaseDepthwiseConv::build(const Shape& input_shape) {
  const std::int64_t channels = input_channels(input_shape, label());
  compute_output_shape(input_shape);
  std::vector<std::int64_t> kernel(args_.kernel_size.begin(), args_.kernel_size.end());
  kernel.push_back(channels);
  kernel.push_back(args_.depth_multiplier);
  kernel_ = &add_weight("kernel", Shape(kernel), args_.kernel_initializer, true, args_.kernel_regularizer,
                        args_.kernel_constraint);
  if (args_.use_bias) {
    bias_ = &add_weight("bias", Shape{channels * args_.depth_multiplier}, args_.bias_initializer, true,
                        args_.bias_regularizer, args_.bias_constraint);
  }
  input_spec_.axes = {{-1, channels}};
}

Shape BaseDepthwiseConv::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  const std::int64_t channels = s.dim(-1) < 0 ? -1 : s.dim(-1) * args_.depth_multiplier;
  return conv_output_shape(s, args_, channels, label());
}

Tensor BaseDepthwiseConv::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  Tensor y = ops::depthwise_conv(inputs, kernel_->value(), bias_ ? bias_->value() : Tensor(), args_.strides,
                                 ops_padding(args_), args_.dilation_rate);
  return activation_(y);
}

Json BaseDepthwiseConv::get_config() const {
  Json c = base_config();
  // Keras' base config puts a set activity regularizer right after dtype; unset, it comes
  // after bias_regularizer (the conv config's own entry).
  if (activity_regularizer_) c["activity_regularizer"] = nullptr;
  c["depth_multiplier"] = args_.depth_multiplier;
  c["kernel_size"] = ints_json(args_.kernel_size);
  c["strides"] = ints_json(args_.strides);
  c["padding"] = args_.padding;
  c["data_format"] = args_.data_format;
  c["dilation_rate"] = ints_json(args_.dilation_rate);
  c["activation"] = args_.activation;
  c["use_bias"] = args_.use_bias;
  c["depthwise_initializer"] = initializers::serialize(*args_.kernel_initializer);
  c["bias_initializer"] = initializers::serialize(*args_.bias_initializer);
  c["depthwise_regularizer"] = regularizer_json(args_.kernel_regularizer);
  c["bias_regularizer"] = regularizer_json(args_.bias_regularizer);
  c["activity_regularizer"] = regularizer_json(args_.activity_regularizer);
  c["depthwise_constraint"] = constraint_json(args_.kernel_constraint);
  c["bias_constraint"] = constraint_json(args_.bias_constraint);
  return c;
}

}  // namespace keras::layers
