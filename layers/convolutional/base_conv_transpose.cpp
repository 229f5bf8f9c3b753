#include "layers/convolutional/base_conv_transpose.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

BaseConvTranspose::BaseConvTranspose(const std::string& prefix, const std::string& label, ConvArgs args)
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
  validate_conv_args(args_, this->label(), false, true);
  const std::vector<int>& op = args_.output_padding;
  if (!op.empty()) {
    if (op.size() != args_.strides.size()) {
      throw ValueError(this->label() + ": `output_padding` needs " + std::to_string(args_.rank) +
                       " entries, received " + tuple_string(op));
    }
    check_non_negative(op, "output_padding", this->label());
    for (std::size_t i = 0; i < op.size(); ++i) {
      if (op[i] >= args_.strides[i]) {
        throw ValueError(this->label() +
                         ": `output_padding` must be strictly less than `strides` for all dimensions. "
                         "At dimension " +
                         std::to_string(i) + ", `output_padding` is " + std::to_string(op[i]) + " but `strides` is " +
                         std::to_string(args_.strides[i]) + ". Received: output_padding=" + tuple_string(op) +
                         ", strides=" + tuple_string(args_.strides));
      }
    }
  }
  activity_regularizer_ = args_.activity_regularizer.get();
  input_spec_.ndim = args_.rank + 2;
}

std::string BaseConvTranspose::label() const { return class_label_ + " \"" + name() + "\""; }

ConvArgs BaseConvTranspose::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  ConvArgs a = read_conv_args(c, rank);
  a.filters = c.integer("filters");
  if (!c.is_null("output_padding")) a.output_padding = read_tuple(c, "output_padding", rank, std::nullopt);
  a.kernel_initializer = read_initializer(c, "kernel_initializer", "glorot_uniform");
  a.kernel_regularizer = read_regularizer(c, "kernel_regularizer");
  a.kernel_constraint = read_constraint(c, "kernel_constraint");
  return a;
}

void BaseConvTranspose::build(const Shape& input_shape) {
  const std::int64_t channels = input_channels(input_shape, label());
  std::vector<std::int64_t> kernel(args_.kernel_size.begin(), args_.kernel_size.end());
  kernel.push_back(args_.filters);
  kernel.push_back(channels);
  kernel_ = &add_weight("kernel", Shape(kernel), args_.kernel_initializer, true, args_.kernel_regularizer,
                        args_.kernel_constraint);
  if (args_.use_bias) {
    bias_ = &add_weight("bias", Shape{args_.filters}, args_.bias_initializer, true, args_.bias_regularizer,
                        args_.bias_constraint);
  }
  input_spec_.axes = {{-1, channels}};
}

Shape BaseConvTranspose::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims{s[0]};
  for (int i = 0; i < args_.rank; ++i) {
    const auto u = static_cast<std::size_t>(i);
    std::optional<int> op;
    if (!args_.output_padding.empty()) op = args_.output_padding[u];
    dims.push_back(s[i + 1] < 0 ? -1
                                : ops::conv_transpose_output_length(s[i + 1], args_.kernel_size[u], ops_padding(args_),
                                                                    args_.strides[u], args_.dilation_rate[u], op));
  }
  dims.push_back(args_.filters);
  return Shape(dims);
}

Tensor BaseConvTranspose::call(const Tensor& inputs, bool) {
  Tensor y = ops::conv_transpose(inputs, kernel_->value(), bias_ ? bias_->value() : Tensor(), args_.strides,
                                 ops_padding(args_), args_.output_padding, args_.dilation_rate);
  return activation_(y);
}

Json BaseConvTranspose::get_config() const {
  Json c = base_config();
  // Keras' base config puts a set activity regularizer right after dtype; unset, it comes
  // after bias_regularizer (the conv config's own entry).
  if (activity_regularizer_) c["activity_regularizer"] = nullptr;
  c["filters"] = args_.filters;
  c["kernel_size"] = ints_json(args_.kernel_size);
  c["strides"] = ints_json(args_.strides);
  c["padding"] = args_.padding;
  c["output_padding"] = args_.output_padding.empty() ? Json(nullptr) : ints_json(args_.output_padding);
  c["data_format"] = args_.data_format;
  c["dilation_rate"] = ints_json(args_.dilation_rate);
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
