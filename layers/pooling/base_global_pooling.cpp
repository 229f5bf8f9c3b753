#include "layers/pooling/base_global_pooling.h"

#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

BaseGlobalPooling::BaseGlobalPooling(const std::string& prefix, int spatial_rank, Options options)
    : Layer(prefix, options.name), keepdims_(options.keepdims), rank_(spatial_rank), data_format_(options.data_format) {
  check_channels_last(data_format_, name());
  input_spec_.ndim = rank_ + 2;
}

BaseGlobalPooling::Options BaseGlobalPooling::parse_config(const Json& config, const std::string& what) {
  ConfigReader c(config, what);
  Options o;
  o.data_format = c.string("data_format", "channels_last");
  o.keepdims = c.boolean("keepdims", false);
  o.name = c.string("name", "");
  return o;
}

std::vector<int> BaseGlobalPooling::spatial_axes() const {
  std::vector<int> axes;
  for (int a = 1; a <= rank_; ++a) axes.push_back(a);
  return axes;
}

Shape BaseGlobalPooling::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims{s[0]};
  if (keepdims_) dims.insert(dims.end(), static_cast<std::size_t>(rank_), 1);
  dims.push_back(s.dim(-1));
  return Shape(dims);
}

Json BaseGlobalPooling::get_config() const {
  Json c = base_config();
  c["data_format"] = data_format_;
  c["keepdims"] = keepdims_;
  return c;
}

}  // namespace keras::layers
