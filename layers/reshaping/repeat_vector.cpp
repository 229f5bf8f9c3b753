#include "layers/reshaping/repeat_vector.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

RepeatVector::RepeatVector(int n, Options options) : Shareable("repeat_vector", options.name), n_(n) {
  if (n_ <= 0) {
    throw ValueError("RepeatVector \"" + name() +
                     "\": Argument `n` should be a positive integer. Received: n=" + std::to_string(n_));
  }
  input_spec_.ndim = 2;
}

std::shared_ptr<Layer> RepeatVector::from_config(const Json& config) {
  ConfigReader c(config, "RepeatVector layer");
  return std::make_shared<RepeatVector>(static_cast<int>(c.integer("n")), Options{.name = c.string("name", "")});
}

Shape RepeatVector::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  return Shape{s[0], n_, s[1]};
}

Tensor RepeatVector::call(const Tensor& inputs, bool) { return ops::repeat(ops::expand_dims(inputs, 1), n_, 1); }

Json RepeatVector::get_config() const {
  Json c = base_config();
  c["n"] = n_;
  return c;
}

}  // namespace keras::layers
