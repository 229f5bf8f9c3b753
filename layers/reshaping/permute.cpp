#include "layers/reshaping/permute.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "layers/convolutional/conv_utils.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Permute::Permute(std::vector<int> dims, Options options) : Shareable("permute", options.name), dims_(std::move(dims)) {
  std::vector<int> sorted = dims_;
  std::sort(sorted.begin(), sorted.end());
  bool valid = !sorted.empty();
  for (std::size_t i = 0; i < sorted.size(); ++i) valid = valid && sorted[i] == static_cast<int>(i) + 1;
  if (!valid) {
    throw ValueError("Permute \"" + name() +
                     "\": Invalid permutation argument `dims` for Permute Layer. The set of "
                     "indices in `dims` must be consecutive and start from 1. Received dims=" +
                     tuple_string(dims_));
  }
  input_spec_.ndim = static_cast<int>(dims_.size()) + 1;
}

std::shared_ptr<Layer> Permute::from_config(const Json& config) {
  ConfigReader c(config, "Permute layer");
  const Json& d = c.raw("dims");
  const char* expected = "must be a list of integers (a permutation of 1..n)";
  if (!d.is_array()) c.fail("dims", expected);
  std::vector<int> dims;
  for (const Json& v : d) {
    if (!v.is_number_integer()) c.fail("dims", expected);
    dims.push_back(v.get<int>());
  }
  return std::make_shared<Permute>(dims, Options{.name = c.string("name", "")});
}

Shape Permute::compute_output_shape(const Shape& s) const {
  check_input_spec(input_spec_, s, name());
  std::vector<std::int64_t> dims{s[0]};
  for (int d : dims_) dims.push_back(s[d]);
  return Shape(dims);
}

Tensor Permute::call(const Tensor& inputs, bool) {
  std::vector<int> axes{0};
  axes.insert(axes.end(), dims_.begin(), dims_.end());
  return ops::transpose(inputs, axes);
}

Json Permute::get_config() const {
  Json c = base_config();
  c["dims"] = ints_json(dims_);
  return c;
}

}  // namespace keras::layers
