#include "layers/flatten.h"

#include <nlohmann/json.hpp>

#include "layers/conv2d.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

Flatten::Flatten(Options options) : Shareable("flatten", options.name), data_format_(options.data_format) {
  check_channels_last(data_format_, name());
  input_spec_.min_ndim = 1;
}

std::shared_ptr<Layer> Flatten::from_config(const Json& config) {
  ConfigReader c(config, "Flatten layer");
  return std::make_shared<Flatten>(
      Options{.data_format = c.string("data_format", "channels_last"), .name = c.string("name", "")});
}

Shape Flatten::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::int64_t n = 1;
  for (int d = 1; d < s.rank(); ++d) n = (s[d] < 0 || n < 0) ? -1 : n * s[d];
  return Shape{s[0], n};
}

Tensor Flatten::call(const Tensor& inputs, bool) { return ops::reshape(inputs, Shape{inputs.dim(0), -1}); }

Json Flatten::get_config() const {
  Json c = base_config();
  c["data_format"] = data_format_;
  return c;
}

}  // namespace keras::layers
