#include "layers/normalization/layer_normalization.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

std::vector<int> axis_list_field(const ConfigReader& c, const std::string& key, bool* was_list) {
  *was_list = false;
  if (c.is_null(key)) return {-1};
  const Json& v = c.raw(key);
  if (v.is_number_integer()) return {v.get<int>()};
  if (!v.is_array() || v.empty()) c.fail(key, "must be an integer or a non-empty list of integers");
  std::vector<int> axes;
  for (const Json& a : v) {
    if (!a.is_number_integer()) c.fail(key, "must be an integer or a non-empty list of integers");
    axes.push_back(a.get<int>());
  }
  *was_list = true;
  return axes;
}

void check_axes_in_range(const std::vector<int>& axes, int rank, const std::string& layer, const Shape& shape) {
  for (int a : axes) {
    if (a >= rank || a < -rank) {
      throw ValueError(layer + ": axis " + std::to_string(a) + " is out of bounds for input shape " +
                       shape.to_string() + ". Ensure axis is within the range of input dimensions.");
    }
  }
}

LayerNormalization::LayerNormalization(Options options)
    : Shareable("layer_normalization", options.name), options_(std::move(options)),
      axis_is_list_(options_.axis.size() != 1) {
  if (options_.axis.empty()) {
    throw ValueError("LayerNormalization \"" + name() + "\": `axis` must name at least one axis");
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> LayerNormalization::from_config(const Json& config) {
  ConfigReader c(config, "LayerNormalization layer");
  Options o;
  bool was_list = false;
  o.axis = axis_list_field(c, "axis", &was_list);
  o.epsilon = c.number("epsilon", 1e-3);
  o.center = c.boolean("center", true);
  o.scale = c.boolean("scale", true);
  o.rms_scaling = c.boolean("rms_scaling", false);
  o.beta_initializer = initializer_field(c, "beta_initializer", "zeros");
  o.gamma_initializer = initializer_field(c, "gamma_initializer", "ones");
  o.beta_regularizer = regularizer_field(c, "beta_regularizer");
  o.gamma_regularizer = regularizer_field(c, "gamma_regularizer");
  o.beta_constraint = constraint_field(c, "beta_constraint");
  o.gamma_constraint = constraint_field(c, "gamma_constraint");
  o.name = c.string("name", "");
  auto layer = std::make_shared<LayerNormalization>(o);
  layer->axis_is_list_ = was_list;
  return layer;
}

void LayerNormalization::build(const Shape& input_shape) {
  const std::string who = "LayerNormalization \"" + name() + "\"";
  check_axes_in_range(options_.axis, input_shape.rank(), who, input_shape);
  std::vector<int> axes;
  for (int a : options_.axis) axes.push_back(normalize_axis(a, input_shape.rank()));
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end()) {
    throw ValueError(who + ": duplicate axes are not allowed");
  }
  std::vector<std::int64_t> dims;
  for (int a : axes) {
    if (input_shape[a] < 0) {
      throw ShapeError(who + ": axis " + std::to_string(a) + " of the inputs must have a known size, received shape " +
                       input_shape.to_string());
    }
    dims.push_back(input_shape[a]);
    input_spec_.axes.push_back({a, input_shape[a]});
  }
  // Keras 3 stores the canonical axes once built, and writes them in later configs.
  options_.axis = axes;
  axis_is_list_ = true;
  if (options_.scale || options_.rms_scaling) {
    gamma_ = &add_weight("gamma", Shape(dims), options_.gamma_initializer, true, options_.gamma_regularizer,
                         options_.gamma_constraint);
  }
  if (options_.center && !options_.rms_scaling) {
    beta_ = &add_weight("beta", Shape(dims), options_.beta_initializer, true, options_.beta_regularizer,
                        options_.beta_constraint);
  }
}

Shape LayerNormalization::compute_output_shape(const Shape& input_shape) const {
  check_axes_in_range(options_.axis, input_shape.rank(), "LayerNormalization \"" + name() + "\"", input_shape);
  return input_shape;
}

Tensor LayerNormalization::call(const Tensor& inputs, bool) {
  return ops::layer_normalization(inputs, gamma_ ? gamma_->value() : Tensor(), beta_ ? beta_->value() : Tensor(),
                                  options_.axis, static_cast<float>(options_.epsilon), options_.rms_scaling);
}

Json LayerNormalization::get_config() const {
  Json c = base_config();
  c["axis"] = axis_is_list_ ? Json(options_.axis) : Json(options_.axis[0]);
  c["epsilon"] = options_.epsilon;
  c["center"] = options_.center;
  c["scale"] = options_.scale;
  c["rms_scaling"] = options_.rms_scaling;
  c["beta_initializer"] = initializers::serialize(*options_.beta_initializer);
  c["gamma_initializer"] = initializers::serialize(*options_.gamma_initializer);
  c["beta_regularizer"] = regularizers::serialize(options_.beta_regularizer.get().get());
  c["gamma_regularizer"] = regularizers::serialize(options_.gamma_regularizer.get().get());
  c["beta_constraint"] = constraints::serialize(options_.beta_constraint.get().get());
  c["gamma_constraint"] = constraints::serialize(options_.gamma_constraint.get().get());
  return c;
}

}  // namespace keras::layers
