#include "layers/reshaping/up_sampling3d.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

UpSampling3D::UpSampling3D(Size3 size, Options options)
    : Shareable("up_sampling3d", options.name), size_(size), data_format_(options.data_format) {
  check_positive(tuple_values(size_), "size", "UpSampling3D \"" + name() + "\"");
  check_channels_last(data_format_, name());
  input_spec_.ndim = 5;
}

std::shared_ptr<Layer> UpSampling3D::from_config(const Json& config) {
  ConfigReader c(config, "UpSampling3D layer");
  Options o;
  o.data_format = c.string("data_format", "channels_last");
  o.name = c.string("name", "");
  return std::make_shared<UpSampling3D>(Size3(c.ints<3>("size", std::array<int, 3>{2, 2, 2})), o);
}

Shape UpSampling3D::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  const std::vector<int> f = tuple_values(size_);
  std::vector<std::int64_t> dims = s.dims();
  for (std::size_t i = 0; i < 3; ++i) {
    if (dims[i + 1] >= 0) dims[i + 1] *= f[i];
  }
  return Shape(dims);
}

Tensor UpSampling3D::call(const Tensor& inputs, bool) {
  return ops::repeat(ops::repeat(ops::repeat(inputs, size_.d, 1), size_.h, 2), size_.w, 3);
}

Json UpSampling3D::get_config() const {
  Json c = base_config();
  c["size"] = ints_json(tuple_values(size_));
  c["data_format"] = data_format_;
  return c;
}

}  // namespace keras::layers
