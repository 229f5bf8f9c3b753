#include "layers/conv2d.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

void check_channels_last(const std::string& data_format, const std::string& layer_name) {
  if (data_format != "channels_last") {
    throw ValueError("Layer \"" + layer_name + "\": data_format='" + data_format +
                     "' is not supported; libkeras computes in channels_last (NHWC), Keras' default");
  }
}

Json size2_json(Size2 s) { return Json::array({s.h, s.w}); }

Conv2D::Conv2D(std::int64_t filters, Size2 kernel_size, Options options)
    : Shareable("conv2d", options.name), filters_(filters), kernel_size_(kernel_size), options_(std::move(options)),
      // The field label names the layer: error messages must say which layer is at fault.
      padding_(ops::parse_padding(options_.padding, "padding of layer \"" + name() + "\"")),
      activation_(activations::get(options_.activation)) {
  if (filters <= 0) {
    throw ValueError("Invalid value for argument `filters`. Expected a strictly positive value. Received filters=" +
                     std::to_string(filters));
  }
  for (int v : {kernel_size_.h, kernel_size_.w, options_.strides.h, options_.strides.w, options_.dilation_rate.h,
                options_.dilation_rate.w}) {
    if (v <= 0) {
      throw ValueError("Conv2D \"" + name() + "\": kernel_size, strides and dilation_rate must be positive integers");
    }
  }
  if ((options_.strides.h > 1 || options_.strides.w > 1) &&
      (options_.dilation_rate.h > 1 || options_.dilation_rate.w > 1)) {
    throw ValueError("Conv2D \"" + name() + "\": `strides > 1` not supported in conjunction with `dilation_rate > 1`");
  }
  check_channels_last(options_.data_format, name());
  input_spec_.ndim = 4;
}

Conv2D::Conv2D(std::int64_t filters, Size2 kernel_size, const std::string& activation)
    : Conv2D(filters, kernel_size, Options{.activation = activation}) {}

std::shared_ptr<Layer> Conv2D::from_config(const Json& config) {
  ConfigReader c(config, "Conv2D layer");
  if (c.integer("groups", 1) != 1) c.fail("groups", "must be 1 (grouped convolution is not supported)");
  Options o;
  o.strides = c.ints<2>("strides", std::array<int, 2>{1, 1});
  o.padding = c.string("padding", "valid");
  o.data_format = c.string("data_format", "channels_last");
  o.dilation_rate = c.ints<2>("dilation_rate", std::array<int, 2>{1, 1});
  o.activation = c.string("activation", "linear");
  o.use_bias = c.boolean("use_bias", true);
  if (!c.is_null("kernel_initializer")) o.kernel_initializer = initializers::deserialize(c.raw("kernel_initializer"));
  if (!c.is_null("bias_initializer")) o.bias_initializer = initializers::deserialize(c.raw("bias_initializer"));
  o.name = c.string("name", "");
  auto layer = std::make_shared<Conv2D>(c.integer("filters"), Size2(c.ints<2>("kernel_size")), o);
  layer->set_trainable(c.boolean("trainable", true));
  return layer;
}

void Conv2D::build(const Shape& input_shape) {
  std::int64_t channels = input_shape.dim(-1);
  if (channels < 0) {
    throw ShapeError("Conv2D \"" + name() + "\": the channel dimension of the inputs should be defined, received shape " +
                     input_shape.to_string());
  }
  kernel_ = &add_weight("kernel", Shape{kernel_size_.h, kernel_size_.w, channels, filters_}, options_.kernel_initializer);
  if (options_.use_bias) bias_ = &add_weight("bias", Shape{filters_}, options_.bias_initializer);
  input_spec_.axes = {{-1, channels}};
}

Shape Conv2D::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  auto out = [&](std::int64_t len, int k, int stride, int dilation) -> std::int64_t {
    if (len < 0) return -1;
    std::int64_t o = ops::conv_output_length(len, k, padding_, stride, dilation);
    if (o <= 0) {
      throw ShapeError("Conv2D \"" + name() + "\": computed output size would be negative for input shape " +
                       s.to_string() + " and kernel_size (" + std::to_string(kernel_size_.h) + ", " +
                       std::to_string(kernel_size_.w) + ")");
    }
    return o;
  };
  return Shape{s[0], out(s[1], kernel_size_.h, options_.strides.h, options_.dilation_rate.h),
               out(s[2], kernel_size_.w, options_.strides.w, options_.dilation_rate.w), filters_};
}

Tensor Conv2D::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  Tensor y = ops::conv2d(inputs, kernel_->value(), bias_ ? bias_->value() : Tensor(), options_.strides.array(), padding_,
                         options_.dilation_rate.array());
  return activation_(y);
}

Json Conv2D::get_config() const {
  Json c = base_config();
  c["filters"] = filters_;
  c["kernel_size"] = size2_json(kernel_size_);
  c["strides"] = size2_json(options_.strides);
  c["padding"] = ops::padding_name(padding_);
  c["data_format"] = options_.data_format;
  c["dilation_rate"] = size2_json(options_.dilation_rate);
  c["groups"] = 1;
  c["activation"] = options_.activation;
  c["use_bias"] = options_.use_bias;
  c["kernel_initializer"] = initializers::serialize(*options_.kernel_initializer);
  c["bias_initializer"] = initializers::serialize(*options_.bias_initializer);
  c["kernel_regularizer"] = nullptr;
  c["bias_regularizer"] = nullptr;
  c["activity_regularizer"] = nullptr;
  c["kernel_constraint"] = nullptr;
  c["bias_constraint"] = nullptr;
  return c;
}

}  // namespace keras::layers
