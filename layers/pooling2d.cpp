#include "layers/pooling2d.h"

#include <nlohmann/json.hpp>

#include "layers/conv2d.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Pooling2D::Pooling2D(const std::string& prefix, Size2 pool_size, Options options)
    : Layer(prefix, options.name), pool_size_(pool_size), strides_(options.strides.value_or(pool_size)),
      // The field label names the layer: error messages must say which layer is at fault.
      padding_(ops::parse_padding(options.padding, "padding of layer \"" + name() + "\"")),
      data_format_(options.data_format) {
  for (int v : {pool_size_.h, pool_size_.w, strides_.h, strides_.w}) {
    if (v <= 0) throw ValueError("Layer \"" + name() + "\": pool_size and strides must be positive integers");
  }
  check_channels_last(data_format_, name());
  input_spec_.ndim = 4;
}

std::pair<Size2, Pooling2D::Options> Pooling2D::parse_config(const Json& config, const std::string& what) {
  ConfigReader c(config, what);
  Options o;
  Size2 pool = c.ints<2>("pool_size", std::array<int, 2>{2, 2});
  if (!c.is_null("strides")) o.strides = Size2(c.ints<2>("strides"));
  o.padding = c.string("padding", "valid");
  o.data_format = c.string("data_format", "channels_last");
  o.name = c.string("name", "");
  return {pool, o};
}

Shape Pooling2D::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  auto out = [&](std::int64_t len, int k, int stride) -> std::int64_t {
    if (len < 0) return -1;
    std::int64_t o = ops::conv_output_length(len, k, padding_, stride, 1);
    if (o <= 0) {
      throw ShapeError("Layer \"" + name() + "\": computed output size would be negative for input shape " +
                       s.to_string() + " and pool_size (" + std::to_string(pool_size_.h) + ", " +
                       std::to_string(pool_size_.w) + ")");
    }
    return o;
  };
  return Shape{s[0], out(s[1], pool_size_.h, strides_.h), out(s[2], pool_size_.w, strides_.w), s[3]};
}

Json Pooling2D::get_config() const {
  Json c = base_config();
  c["pool_size"] = size2_json(pool_size_);
  c["padding"] = ops::padding_name(padding_);
  c["strides"] = size2_json(strides_);
  c["data_format"] = data_format_;
  return c;
}

MaxPooling2D::MaxPooling2D(Size2 pool_size, Options options)
    : Shareable("max_pooling2d", pool_size, std::move(options)) {}

std::shared_ptr<Layer> MaxPooling2D::from_config(const Json& config) {
  auto [pool, options] = parse_config(config, "MaxPooling2D layer");
  return std::make_shared<MaxPooling2D>(pool, options);
}

Tensor MaxPooling2D::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  return ops::max_pool2d(inputs, pool_size_.array(), strides_.array(), padding_);
}

AveragePooling2D::AveragePooling2D(Size2 pool_size, Options options)
    : Shareable("average_pooling2d", pool_size, std::move(options)) {}

std::shared_ptr<Layer> AveragePooling2D::from_config(const Json& config) {
  auto [pool, options] = parse_config(config, "AveragePooling2D layer");
  return std::make_shared<AveragePooling2D>(pool, options);
}

Tensor AveragePooling2D::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  return ops::average_pool2d(inputs, pool_size_.array(), strides_.array(), padding_);
}

}  // namespace keras::layers
