#include "layers/convolutional/base_separable_conv.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

BaseSeparableConv::BaseSeparableConv(const std::string& prefix, const std::string& label, ConvArgs args)
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
  if (args_.filters <= 0) {
    throw ValueError(this->label() +
                     ": Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" +
                     std::to_string(args_.filters));
  }
  validate_conv_args(args_, this->label(), false, false);
  activity_regularizer_ = args_.activity_regularizer.get();
  input_spec_.ndim = args_.rank + 2;
}

std::string BaseSeparableConv::label() const { return class_label_ + " \"" + name() + "\""; }

ConvArgs BaseSeparableConv::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  ConvArgs a = read_conv_args(c, rank);
  a.filters = c.integer("filters");
  a.depth_multiplier = static_cast<int>(c.integer("depth_multiplier", 1));
  a.kernel_initializer = read_initializer(c, "depthwise_initializer", "glorot_uniform");
  a.pointwise_initializer = read_initializer(c, "pointwise_initializer", "glorot_uniform");
  a.kernel_regularizer = read_regularizer(c, "depthwise_regularizer");
  a.pointwise_regularizer = read_regularizer(c, "pointwise_regularizer");
  a.kernel_constraint = read_constraint(c, "depthwise_constraint");
  a.pointwise_constraint = read_constraint(c, "pointwise_constraint");
  return a;
}

void BaseSeparableConv::build(const Shape& input_shape) {
  const std::int64_t channels = input_channels(input_shape, label());
  compute_output_shape(input_shape);
  std::vector<std::int64_t> depthwise(args_.kernel_size.begin(), args_.kernel_size.end());
  depthwise.push_back(channels);
  depthwise.push_back(args_.depth_multiplier);
  std::vector<std::int64_t> pointwise(static_cast<std::size_t>(args_.rank), 1);
  pointwise.push_back(channels * args_.depth_multiplier);
  pointwise.push_back(args_.filters);
  depthwise_kernel_ = &add_weight("depthwise_kernel", Shape(depthwise), args_.kernel_initializer, true,
                                  args_.kernel_regularizer, args_.kernel_constraint);
  pointwise_kernel_ = &add_weight("pointwise_kernel", Shape(pointwise), args_.pointwise_initializer, true,
                                  args_.pointwise_regularizer, args_.pointwise_constraint);
  if (args_.use_bias) {
    bias_ = &add_weight("bias", Shape{args_.filters}, args_.bias_initializer, true, args_.bias_regularizer,
                        args_.bias_constraint);
  }
  input_spec_.axes = {{-1, channels}};
}

Shape BaseSeparableConv::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  return conv_output_shape(s, args_, args_.filters, label());
}

Tensor BaseSeparableConv::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  Tensor y =
      ops::separable_conv(inputs, depthwise_kernel_->value(), pointwise_kernel_->value(),
                          bias_ ? bias_->value() : Tensor(), args_.strides, ops_padding(args_), args_.dilation_rate);
  return activation_(y);
}

Json BaseSeparableConv::get_config() const {
  Json c = base_config();
  // Keras' base config puts a set activity regularizer right after dtype; unset, it comes
  // after bias_regularizer (the conv config's own entry).
  if (activity_regularizer_) c["activity_regularizer"] = nullptr;
  c["depth_multiplier"] = args_.depth_multiplier;
  c["filters"] = args_.filters;
  c["kernel_size"] = ints_json(args_.kernel_size);
  c["strides"] = ints_json(args_.strides);
  c["padding"] = args_.padding;
  c["data_format"] = args_.data_format;
  c["dilation_rate"] = ints_json(args_.dilation_rate);
  c["activation"] = args_.activation;
  c["use_bias"] = args_.use_bias;
  c["depthwise_initializer"] = initializers::serialize(*args_.kernel_initializer);
  c["pointwise_initializer"] = initializers::serialize(*args_.pointwise_initializer);
  c["bias_initializer"] = initializers::serialize(*args_.bias_initializer);
  c["depthwise_regularizer"] = regularizer_json(args_.kernel_regularizer);
  c["pointwise_regularizer"] = regularizer_json(args_.pointwise_regularizer);
  c["bias_regularizer"] = regularizer_json(args_.bias_regularizer);
  c["activity_regularizer"] = regularizer_json(args_.activity_regularizer);
  c["depthwise_constraint"] = constraint_json(args_.kernel_constraint);
  c["pointwise_constraint"] = constraint_json(args_.pointwise_constraint);
  c["bias_constraint"] = constraint_json(args_.bias_constraint);
  return c;
}

}  // namespace keras::layers
