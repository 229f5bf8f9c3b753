#include "layers/reshaping/up_sampling1d.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

UpSampling1D::UpSampling1D(int size, Options options) : Shareable("up_sampling1d", options.name), size_(size) {
  if (size_ <= 0) {
    throw ValueError("UpSampling1D \"" + name() +
                     "\": Argument `size` should be a positive integer. Received: size=" + std::to_string(size_));
  }
  input_spec_.ndim = 3;
}

std::shared_ptr<Layer> UpSampling1D::from_config(const Json& config) {
  ConfigReader c(config, "UpSampling1D layer");
  return std::make_shared<UpSampling1D>(static_cast<int>(c.integer("size", 2)),
                                        Options{.name = c.string("name", "")});
}

Shape UpSampling1D::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  return Shape{s[0], s[1] < 0 ? -1 : s[1] * size_, s[2]};
}

Tensor UpSampling1D::call(const Tensor& inputs, bool) { return ops::repeat(inputs, size_, 1); }

Json UpSampling1D::get_config() const {
  Json c = base_config();
  c["size"] = size_;
  return c;
}

}  // namespace keras::layers
