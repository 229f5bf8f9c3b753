#include "layers/dense.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Dense::Dense(std::int64_t units, Options options)
    : Shareable("dense", options.name), units_(units), options_(std::move(options)),
      activation_(activations::get(options_.activation)) {
  if (units <= 0) {
    throw ValueError("Received an invalid value for `units`, expected a positive integer. Received: units=" +
                     std::to_string(units));
  }
  input_spec_.min_ndim = 2;
  supports_masking_ = true;
  activity_regularizer_ = options_.activity_regularizer.get();
}

Dense::Dense(std::int64_t units, const std::string& activation) : Dense(units, Options{.activation = activation}) {}

std::shared_ptr<Layer> Dense::from_config(const Json& config) {
  ConfigReader c(config, "Dense layer");
  Options o;
  o.activation = c.string("activation", "linear");
  o.use_bias = c.boolean("use_bias", true);
  if (!c.is_null("kernel_initializer")) o.kernel_initializer = initializers::deserialize(c.raw("kernel_initializer"));
  if (!c.is_null("bias_initializer")) o.bias_initializer = initializers::deserialize(c.raw("bias_initializer"));
  o.kernel_regularizer = regularizers::deserialize_field(c, "kernel_regularizer");
  o.bias_regularizer = regularizers::deserialize_field(c, "bias_regularizer");
  o.activity_regularizer = regularizers::deserialize_field(c, "activity_regularizer");
  o.kernel_constraint = constraints::deserialize_field(c, "kernel_constraint");
  o.bias_constraint = constraints::deserialize_field(c, "bias_constraint");
  o.name = c.string("name", "");
  return std::make_shared<Dense>(c.integer("units"), o);
}

void Dense::build(const Shape& input_shape) {
  std::int64_t input_dim = input_shape.dim(-1);
  if (input_dim < 0) {
    throw ShapeError("Dense layer \"" + name() + "\": the last dimension of the input must be known, received shape " +
                     input_shape.to_string());
  }
  kernel_ = &add_weight("kernel", Shape{input_dim, units_}, options_.kernel_initializer, true,
                         options_.kernel_regularizer, options_.kernel_constraint);
  if (options_.use_bias) {
    bias_ = &add_weight("bias", Shape{units_}, options_.bias_initializer, true, options_.bias_regularizer,
                        options_.bias_constraint);
  }
  input_spec_.axes = {{-1, input_dim}};
}

Shape Dense::compute_output_shape(const Shape& input_shape) const {
  check_input_spec(input_spec_, input_shape, name());
  std::vector<std::int64_t> dims = input_shape.dims();
  dims.back() = units_;
  return Shape(dims);
}

Tensor Dense::call(const Tensor& inputs, bool) {
  Tensor x = inputs;
  const bool flat = inputs.rank() == 2;
  if (!flat) x = ops::reshape(inputs, Shape{-1, inputs.dim(-1)});
  Tensor y = ops::matmul(x, kernel_->value());
  if (bias_) y = ops::add(y, bias_->value());
  if (!flat) y = ops::reshape(y, compute_output_shape(inputs.shape()));
  return activation_(y);
}

Json Dense::get_config() const {
  Json c = base_config();
  // Keras' base config lists the activity regularizer (after dtype) only when one is set.
  if (activity_regularizer_) c["activity_regularizer"] = regularizers::serialize(activity_regularizer_.get());
  c["units"] = units_;
  c["activation"] = options_.activation;
  c["use_bias"] = options_.use_bias;
  c["kernel_initializer"] = initializers::serialize(*options_.kernel_initializer);
  c["bias_initializer"] = initializers::serialize(*options_.bias_initializer);
  c["kernel_regularizer"] = regularizers::serialize(options_.kernel_regularizer.get().get());
  c["bias_regularizer"] = regularizers::serialize(options_.bias_regularizer.get().get());
  c["kernel_constraint"] = constraints::serialize(options_.kernel_constraint.get().get());
  c["bias_constraint"] = constraints::serialize(options_.bias_constraint.get().get());
  return c;
}

}  // namespace keras::layers
