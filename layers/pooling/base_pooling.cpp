#include "layers/pooling/base_pooling.h"

#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_args.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

BasePooling::BasePooling(const std::string& prefix, const std::string& label, PoolArgs args, bool max)
    : Layer(prefix, args.name),
      class_label_(label),
      args_(std::move(args)),
      padding_(ops::parse_padding(args_.padding, "padding of layer \"" + name() + "\"")),
      max_(max) {
  if (args_.strides.empty()) args_.strides = args_.pool_size;
  const auto rank = static_cast<std::size_t>(args_.rank);
  if (args_.pool_size.size() != rank || args_.strides.size() != rank) {
    throw ValueError(this->label() + ": pool_size and strides need " + std::to_string(rank) + " entries each");
  }
  check_positive(args_.pool_size, "pool_size", this->label());
  check_positive(args_.strides, "strides", this->label());
  check_channels_last(args_.data_format, name());
  input_spec_.ndim = args_.rank + 2;
}

std::string BasePooling::label() const { return class_label_ + " \"" + name() + "\""; }

PoolArgs BasePooling::parse_config(const Json& config, const std::string& what, int rank) {
  ConfigReader c(config, what);
  PoolArgs a;
  a.rank = rank;
  a.pool_size = read_tuple(c, "pool_size", rank, 2);
  if (!c.is_null("strides")) a.strides = read_tuple(c, "strides", rank, std::nullopt);
  a.padding = c.string("padding", "valid");
  a.data_format = c.string("data_format", "channels_last");
  a.name = c.string("name", "");
  return a;
}

Shape BasePooling::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims{s[0]};
  for (int i = 0; i < args_.rank; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (s[i + 1] < 0) {
      dims.push_back(-1);
      continue;
    }
    const std::int64_t out = ops::conv_output_length(s[i + 1], args_.pool_size[u], padding_, args_.strides[u], 1);
    if (out <= 0) {
      throw ShapeError(label() + ": computed output size would be zero or negative for input shape " + s.to_string() +
                       " and pool_size " + tuple_string(args_.pool_size));
    }
    dims.push_back(out);
  }
  dims.push_back(s.dim(-1));
  return Shape(dims);
}

Tensor BasePooling::call(const Tensor& inputs, bool) {
  compute_output_shape(inputs.shape());  // a window that does not fit is reported with this layer's name
  return max_ ? ops::max_pool(inputs, args_.pool_size, args_.strides, padding_)
              : ops::average_pool(inputs, args_.pool_size, args_.strides, padding_);
}

Json BasePooling::get_config() const {
  Json c = base_config();
  c["pool_size"] = ints_json(args_.pool_size);
  c["padding"] = ops::padding_name(padding_);
  c["strides"] = ints_json(args_.strides);
  c["data_format"] = args_.data_format;
  return c;
}

}  // namespace keras::layers
