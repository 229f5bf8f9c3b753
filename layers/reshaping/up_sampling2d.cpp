#include "layers/reshaping/up_sampling2d.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

UpSampling2D::UpSampling2D(Size2 size, Options options)
    : Shareable("up_sampling2d", options.name),
      size_(size),
      data_format_(options.data_format),
      interpolation_(options.interpolation) {
  const std::string label = "UpSampling2D \"" + name() + "\"";
  check_positive({size_.h, size_.w}, "size", label);
  std::transform(interpolation_.begin(), interpolation_.end(), interpolation_.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (interpolation_ != "nearest" && interpolation_ != "bilinear") {
    throw ValueError(label + ": interpolation='" + options.interpolation +
                     "' is not supported; expected one of: 'nearest', 'bilinear'");
  }
  check_channels_last(data_format_, name());
  input_spec_.ndim = 4;
}

std::shared_ptr<Layer> UpSampling2D::from_config(const Json& config) {
  ConfigReader c(config, "UpSampling2D layer");
  Options o;
  o.data_format = c.string("data_format", "channels_last");
  o.interpolation = c.string("interpolation", "nearest");
  o.name = c.string("name", "");
  return std::make_shared<UpSampling2D>(Size2(c.ints<2>("size", std::array<int, 2>{2, 2})), o);
}

Shape UpSampling2D::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  return Shape{s[0], s[1] < 0 ? -1 : s[1] * size_.h, s[2] < 0 ? -1 : s[2] * size_.w, s[3]};
}

Tensor UpSampling2D::call(const Tensor& inputs, bool) {
  if (interpolation_ == "nearest") return ops::repeat(ops::repeat(inputs, size_.h, 1), size_.w, 2);
  return ops::resize_bilinear(inputs, inputs.dim(1) * size_.h, inputs.dim(2) * size_.w);
}

Json UpSampling2D::get_config() const {
  Json c = base_config();
  c["size"] = size2_json(size_);
  c["data_format"] = data_format_;
  c["interpolation"] = interpolation_;
  return c;
}

}  // namespace keras::layers
