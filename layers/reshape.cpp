#include "layers/reshape.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Reshape::Reshape(const Shape& target_shape, std::string name) : Shareable("reshape", name), target_shape_(target_shape) {
  int unknown = 0;
  for (auto d : target_shape_) {
    if (d == -1) {
      ++unknown;
    } else if (d <= 0) {
      throw ValueError("Reshape \"" + this->name() + "\": invalid target_shape " + target_shape_.to_string());
    }
  }
  if (unknown > 1) {
    throw ValueError("Reshape \"" + this->name() + "\": at most one dimension of target_shape may be -1, received " +
                     target_shape_.to_string());
  }
}

std::shared_ptr<Layer> Reshape::from_config(const Json& config) {
  ConfigReader c(config, "Reshape layer");
  // Not ConfigReader::shape(), which rejects negative sizes: Keras stores target_shape as given,
  // so a Reshape((-1, 4)) config holds -1.
  const Json& t = c.raw("target_shape");
  const char* expected = "must be a list of positive integers (one of them may be -1)";
  if (!t.is_array()) c.fail("target_shape", expected);
  std::vector<std::int64_t> dims;
  for (const Json& d : t) {
    if (!d.is_number_integer()) c.fail("target_shape", expected);
    dims.push_back(d.get<std::int64_t>());
  }
  return std::make_shared<Reshape>(Shape(dims), c.string("name", ""));
}

Shape Reshape::compute_output_shape(const Shape& s) const {
  std::int64_t in = 1;
  bool known = true;
  for (int d = 1; d < s.rank(); ++d) {
    if (s[d] < 0) known = false;
    in *= s[d];
  }
  std::vector<std::int64_t> dims{s.rank() ? s[0] : -1};
  std::int64_t known_product = 1;
  int unknown = -1;
  for (int i = 0; i < target_shape_.rank(); ++i) {
    if (target_shape_[i] == -1) {
      unknown = i;
    } else {
      known_product *= target_shape_[i];
    }
    dims.push_back(target_shape_[i]);
  }
  if (known) {
    bool fits = unknown >= 0 ? in % known_product == 0 : in == known_product;
    if (!fits) {
      throw ShapeError("Reshape \"" + name() + "\": total size of the new array must be unchanged, input_shape = " +
                       s.without_batch().to_string() + ", output_shape = " + target_shape_.to_string());
    }
    if (unknown >= 0) dims[static_cast<std::size_t>(unknown) + 1] = in / known_product;
  }
  return Shape(dims);
}

Tensor Reshape::call(const Tensor& inputs, bool) {
  Shape out = compute_output_shape(inputs.shape());
  return ops::reshape(inputs, out);
}

Json Reshape::get_config() const {
  Json c = base_config();
  Json t = Json::array();
  for (auto d : target_shape_) t.push_back(d);
  c["target_shape"] = t;
  return c;
}

}  // namespace keras::layers
