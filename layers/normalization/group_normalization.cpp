#include "layers/normalization/group_normalization.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

GroupNormalization::GroupNormalization(std::int64_t groups, Options options)
    : Shareable("group_normalization", options.name), groups_(groups), options_(std::move(options)) {
  if (groups <= 0 && groups != -1) {
    throw ValueError("GroupNormalization \"" + name() +
                     "\": received an invalid value for argument `groups`, expected a positive integer (or `-1` "
                     "for instance normalization). Received: groups=" +
                     std::to_string(groups));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> GroupNormalization::from_config(const Json& config) {
  ConfigReader c(config, "GroupNormalization layer");
  Options o;
  o.axis = static_cast<int>(c.integer("axis", -1));
  o.epsilon = c.number("epsilon", 1e-3);
  o.center = c.boolean("center", true);
  o.scale = c.boolean("scale", true);
  o.beta_initializer = initializer_field(c, "beta_initializer", "zeros");
  o.gamma_initializer = initializer_field(c, "gamma_initializer", "ones");
  o.beta_regularizer = regularizer_field(c, "beta_regularizer");
  o.gamma_regularizer = regularizer_field(c, "gamma_regularizer");
  o.beta_constraint = constraint_field(c, "beta_constraint");
  o.gamma_constraint = constraint_field(c, "gamma_constraint");
  o.name = c.string("name", "");
  return std::make_shared<GroupNormalization>(c.integer("groups", 32), o);
}

void GroupNormalization::build(const Shape& input_shape) {
  const std::string who = "GroupNormalization \"" + name() + "\"";
  const int rank = input_shape.rank();
  if (options_.axis >= rank || options_.axis < -rank) {
    throw ValueError(who + ": axis " + std::to_string(options_.axis) + " is out of bounds for input shape " +
                     input_shape.to_string());
  }
  axis_ = normalize_axis(options_.axis, rank);
  if (axis_ == 0) throw ValueError(who + ": axis 0 is the batch axis; the channels must be on another axis");
  const std::int64_t dim = input_shape[axis_];
  if (dim < 0) {
    throw ValueError(who + ": axis " + std::to_string(options_.axis) +
                     " of input tensor should have a defined dimension but the layer received an input with shape " +
                     input_shape.to_string());
  }
  if (groups_ == -1) groups_ = dim;
  if (dim < groups_) {
    throw ValueError(who + ": number of groups (" + std::to_string(groups_) +
                     ") cannot be more than the number of channels (" + std::to_string(dim) + ")");
  }
  if (dim % groups_ != 0) {
    throw ValueError(who + ": number of groups (" + std::to_string(groups_) + ") must divide the number of channels (" +
                     std::to_string(dim) + ")");
  }
  input_spec_.ndim = rank;
  input_spec_.axes = {{axis_, dim}};
  if (options_.scale) {
    gamma_ = &add_weight("gamma", Shape{dim}, options_.gamma_initializer, true, options_.gamma_regularizer,
                         options_.gamma_constraint);
  }
  if (options_.center) {
    beta_ = &add_weight("beta", Shape{dim}, options_.beta_initializer, true, options_.beta_regularizer,
                        options_.beta_constraint);
  }
}

Shape GroupNormalization::compute_output_shape(const Shape& input_shape) const {
  check_input_spec(input_spec_, input_shape, name());
  return input_shape;
}

Tensor GroupNormalization::call(const Tensor& inputs, bool) {
  const Shape& s = inputs.shape();
  std::int64_t before = 1, after = 1;
  for (int d = 1; d < axis_; ++d) before *= s[d];
  for (int d = axis_ + 1; d < s.rank(); ++d) after *= s[d];
  // (batch, before, groups, channels / groups, after): each sample's group is axes 1, 3 and 4.
  Tensor grouped = ops::reshape(inputs, Shape{s[0], before, groups_, s[axis_] / groups_, after});
  Tensor y =
      ops::reshape(ops::layer_normalization(grouped, {}, {}, {1, 3, 4}, static_cast<float>(options_.epsilon)), s);
  std::vector<std::int64_t> bshape(static_cast<std::size_t>(s.rank()), 1);
  bshape[static_cast<std::size_t>(axis_)] = s[axis_];
  if (gamma_) y = ops::multiply(y, ops::reshape(gamma_->value(), Shape(bshape)));
  if (beta_) y = ops::add(y, ops::reshape(beta_->value(), Shape(bshape)));
  return y;
}

Json GroupNormalization::get_config() const {
  Json c = base_config();
  c["groups"] = groups_;
  c["axis"] = options_.axis;
  c["epsilon"] = options_.epsilon;
  c["center"] = options_.center;
  c["scale"] = options_.scale;
  c["beta_initializer"] = initializers::serialize(*options_.beta_initializer);
  c["gamma_initializer"] = initializers::serialize(*options_.gamma_initializer);
  c["beta_regularizer"] = regularizers::serialize(options_.beta_regularizer.get().get());
  c["gamma_regularizer"] = regularizers::serialize(options_.gamma_regularizer.get().get());
  c["beta_constraint"] = constraints::serialize(options_.beta_constraint.get().get());
  c["gamma_constraint"] = constraints::serialize(options_.gamma_constraint.get().get());
  return c;
}

}  // namespace keras::layers
