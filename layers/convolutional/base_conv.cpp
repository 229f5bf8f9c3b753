#include "layers/convolutional/base_conv.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

BaseConv::BaseConv(const std::string& prefix, const std::string& label, ConvArgs args)
    : Layer(prefix, args.name),
      class_label_(label),
      args_(std::move(args)),
      activation_(activations::get(args_.activation)) {
  args_.name = name();
  if (args_.filters <= 0) {
    throw ValueError(this->label() +
                     ": Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" +
                     std::to_string(args_.filters));
  }
  if (args_.groups <= 0) {
    throw ValueError(this->label() + ": The number of groups must be a positive integer. Received: groups=" +
                     std::to_string(args_.groups));
  }
  if (args_.filters % args_.groups != 0) {
    throw ValueError(this->label() +
                     ": The number of filters must be evenly divisible by the number of groups. Received: groups=" +
                     std::to_string(args_.groups) + ", filters=" + std::to_string(args_.filters));
  }
  validate_conv_args(args_, this->label(), args_.rank == 1, true);
  activity_regularizer_ = args_.activity_regularizer.get();
  input_spec_.ndim = args_.rank + 2;
}

std::string BaseConv::label() const { return class_label_ + " \"" + name() + "\""; }

ConvArgs BaseConv::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  ConvArgs a = read_conv_args(c, rank);
  a.filters = c.integer("filters");
  a.groups = static_cast<int>(c.integer("groups", 1));
  a.kernel_initializer = read_initializer(c, "kernel_initializer", "glorot_uniform");
  a.kernel_regularizer = read_regularizer(c, "kernel_regularizer");
  a.kernel_constraint = read_constraint(c, "kernel_constraint");
  return a;
}

void BaseConv::build(const Shape& input_shape) {
  const std::int64_t channels = input_channels(input_shape, label());
  if (channels % args_.groups != 0) {
    throw ValueError(label() +
                     ": The number of input channels must be evenly divisible by the number of groups. "
                     "Received groups=" +
                     std::to_string(args_.groups) + ", but the input has " + std::to_string(channels) +
                     " channels (full input shape is " + input_shape.to_string() + ")");
  }
  compute_output_shape(input_shape);
  std::vector<std::int64_t> kernel(args_.kernel_size.begin(), args_.kernel_size.end());
  kernel.push_back(channels / args_.groups);
  kernel.push_back(args_.filters);
  kernel_ = &add_weight("kernel", Shape(kernel), args_.kernel_initializer, true, args_.kernel_regularizer,
                        args_.kernel_constraint);
  if (args_.use_bias) {
    bias_ = &add_weight("bias", Shape{args_.filters}, args_.bias_initializer, true, args_.bias_regularizer,
                        args_.bias_constraint);
  }
  input_spec_.axes = {{-1, channels}};
}

Shape BaseConv::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  return conv_output_shape(s, args_, args_.filters, label());
}

Tensor BaseConv::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  Tensor x = inputs;
  if (args_.padding == "causal") {
    // Keras' Conv1D: pad the past with (kernel_size - 1) * dilation_rate zeros, then convolve 'valid'.
    const std::int64_t left = static_cast<std::int64_t>(args_.kernel_size[0] - 1) * args_.dilation_rate[0];
    x = ops::pad(x, {{0, 0}, {left, 0}, {0, 0}});
  }
  Tensor y = ops::conv(x, kernel_->value(), bias_ ? bias_->value() : Tensor(), args_.strides, ops_padding(args_),
                       args_.dilation_rate, args_.groups);
  return activation_(y);
}

Json BaseConv::get_config() const {
  Json c = base_config();
  // Keras' base config puts a set activity regularizer right after dtype; unset, it comes
  // after bias_regularizer (the conv config's own entry).
  if (activity_regularizer_) c["activity_regularizer"] = nullptr;
  c["filters"] = args_.filters;
  c["kernel_size"] = ints_json(args_.kernel_size);
  c["strides"] = ints_json(args_.strides);
  c["padding"] = args_.padding;
  c["data_format"] = args_.data_format;
  c["dilation_rate"] = ints_json(args_.dilation_rate);
  c["groups"] = args_.groups;
  c["activation"] = args_.activation;
  c["use_bias"] = args_.use_bias;
  c["kernel_initializer"] = initializers::serialize(*args_.kernel_initializer);
  c["bias_initializer"] = initializers::serialize(*args_.bias_initializer);
  c["kernel_regularizer"] = regularizer_json(args_.kernel_regularizer);
  c["bias_regularizer"] = regularizer_json(args_.bias_regularizer);
  c["activity_regularizer"] = regularizer_json(args_.activity_regularizer);
  c["kernel_constraint"] = constraint_json(args_.kernel_constraint);
  c["bias_constraint"] = constraint_json(args_.bias_constraint);
  return c;
}

}  // namespace keras::layers
