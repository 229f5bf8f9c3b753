#include "layers/activations/prelu.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

PReLU::PReLU(Options options) : Shareable("p_re_lu", options.name), options_(std::move(options)) {
  supports_masking_ = true;
  input_spec_.min_ndim = 2;
}

std::shared_ptr<Layer> PReLU::from_config(const Json& config) {
  ConfigReader c(config, "PReLU layer");
  Options o;
  if (!c.is_null("alpha_initializer")) o.alpha_initializer = initializers::deserialize(c.raw("alpha_initializer"));
  o.alpha_regularizer = regularizers::deserialize_field(c, "alpha_regularizer");
  o.alpha_constraint = constraints::deserialize_field(c, "alpha_constraint");
  if (!c.is_null("shared_axes")) {
    const Json& axes = c.raw("shared_axes");
    if (axes.is_number_integer()) {
      o.shared_axes = std::vector<int>{axes.get<int>()};
    } else if (axes.is_array() &&
               std::all_of(axes.begin(), axes.end(), [](const Json& a) { return a.is_number_integer(); })) {
      o.shared_axes = axes.get<std::vector<int>>();
    } else {
      c.fail("shared_axes", "must be null, an integer or a list of integers");
    }
  }
  o.name = c.string("name", "");
  return std::make_shared<PReLU>(o);
}

void PReLU::build(const Shape& input_shape) {
  const int rank = input_shape.rank();
  std::vector<std::int64_t> param(input_shape.begin() + 1, input_shape.end());
  std::vector<bool> shared(static_cast<std::size_t>(rank), false);
  for (int axis : options_.shared_axes.value_or(std::vector<int>{})) {
    if (axis < 1 || axis >= rank) {
      throw ValueError("PReLU layer \"" + name() + "\": shared_axes entries must lie in [1, " + std::to_string(rank) +
                       ") for inputs of shape " + input_shape.to_string() + ", received " + std::to_string(axis));
    }
    shared[static_cast<std::size_t>(axis)] = true;
    param[static_cast<std::size_t>(axis - 1)] = 1;
  }
  input_spec_ = InputSpec();
  input_spec_.ndim = rank;
  for (int i = 1; i < rank; ++i) {
    if (shared[static_cast<std::size_t>(i)]) continue;
    if (input_shape[i] < 0) {
      throw ShapeError("PReLU layer \"" + name() + "\": axis " + std::to_string(i) + " of the input shape " +
                       input_shape.to_string() + " must be known (or listed in shared_axes)");
    }
    input_spec_.axes.emplace_back(i, input_shape[i]);
  }
  alpha_ = &add_weight("alpha", Shape(param), options_.alpha_initializer, true, options_.alpha_regularizer,
                       options_.alpha_constraint);
}

Tensor PReLU::call(const Tensor& inputs, bool) {
  // relu(x) - alpha * relu(-x), as Keras writes it.
  return ops::subtract(ops::relu(inputs), ops::multiply(alpha_->value(), ops::relu(ops::negative(inputs))));
}

Json PReLU::get_config() const {
  Json c = base_config();
  c["alpha_initializer"] = initializers::serialize(*options_.alpha_initializer);
  c["alpha_regularizer"] = regularizers::serialize(options_.alpha_regularizer.get().get());
  c["alpha_constraint"] = constraints::serialize(options_.alpha_constraint.get().get());
  c["shared_axes"] = options_.shared_axes ? Json(*options_.shared_axes) : Json(nullptr);
  return c;
}

}  // namespace keras::layers
