#include "layers/normalization/batch_normalization.h"

#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

BatchNormalization::BatchNormalization(Options options)
    : Shareable("batch_normalization", options.name), options_(std::move(options)) {
  if (!(options_.epsilon > 0.0)) {
    throw ValueError("BatchNormalization \"" + name() +
                     "\": epsilon must be positive, received epsilon=" + std::to_string(options_.epsilon));
  }
  supports_masking_ = true;
}

std::shared_ptr<Layer> BatchNormalization::from_config(const Json& config) {
  ConfigReader c(config, "BatchNormalization layer");
  if (c.boolean("renorm", false)) c.fail("renorm", "must be false (batch renormalization is not supported)");
  Options o;
  o.axis = static_cast<int>(c.integer("axis", -1));
  o.momentum = c.number("momentum", 0.99);
  o.epsilon = c.number("epsilon", 1e-3);
  o.center = c.boolean("center", true);
  o.scale = c.boolean("scale", true);
  o.beta_initializer = initializer_field(c, "beta_initializer", "zeros");
  o.gamma_initializer = initializer_field(c, "gamma_initializer", "ones");
  o.moving_mean_initializer = initializer_field(c, "moving_mean_initializer", "zeros");
  o.moving_variance_initializer = initializer_field(c, "moving_variance_initializer", "ones");
  o.beta_regularizer = regularizer_field(c, "beta_regularizer");
  o.gamma_regularizer = regularizer_field(c, "gamma_regularizer");
  o.beta_constraint = constraint_field(c, "beta_constraint");
  o.gamma_constraint = constraint_field(c, "gamma_constraint");
  o.synchronized = c.boolean("synchronized", false);
  o.name = c.string("name", "");
  return std::make_shared<BatchNormalization>(o);
}

void BatchNormalization::build(const Shape& input_shape) {
  if (options_.axis >= input_shape.rank() || options_.axis < -input_shape.rank()) {
    throw ValueError("BatchNormalization \"" + name() + "\": axis=" + std::to_string(options_.axis) +
                     " is out of range for inputs of shape " + input_shape.to_string());
  }
  axis_ = normalize_axis(options_.axis, input_shape.rank());
  const std::int64_t dim = input_shape[axis_];
  if (dim < 0) {
    throw ShapeError("BatchNormalization \"" + name() + "\": axis " + std::to_string(options_.axis) +
                     " of the inputs must have a known size, received shape " + input_shape.to_string());
  }
  const Shape shape{dim};
  if (options_.scale) {
    gamma_ = &add_weight("gamma", shape, options_.gamma_initializer, true, options_.gamma_regularizer,
                         options_.gamma_constraint);
  }
  if (options_.center) {
    beta_ = &add_weight("beta", shape, options_.beta_initializer, true, options_.beta_regularizer,
                        options_.beta_constraint);
  }
  moving_mean_ = &add_weight("moving_mean", shape, options_.moving_mean_initializer, false);
  moving_variance_ = &add_weight("moving_variance", shape, options_.moving_variance_initializer, false);
  input_spec_.ndim = input_shape.rank();
  input_spec_.axes = {{axis_, dim}};
}

Shape BatchNormalization::compute_output_shape(const Shape& input_shape) const {
  check_input_spec(input_spec_, input_shape, name());
  return input_shape;
}

std::pair<Tensor, Tensor> BatchNormalization::masked_moments(const Tensor& inputs, const Tensor& mask) const {
  if (mask.rank() != inputs.rank() - 1) {
    throw ValueError("BatchNormalization \"" + name() +
                     "\": the mask provided should be one dimension less than the inputs. Received: mask.shape=" +
                     mask.shape().to_string() + ", inputs.shape=" + inputs.shape().to_string());
  }
  if (axis_ != inputs.rank() - 1) {
    throw ValueError("BatchNormalization \"" + name() +
                     "\": a mask needs the features on the last axis (axis=-1), "
                     "as Keras' masked statistics broadcast the mask over the last axis; received axis=" +
                     std::to_string(options_.axis));
  }
  std::vector<int> reduction;
  for (int d = 0; d < inputs.rank() - 1; ++d) reduction.push_back(d);
  // Keras' formula, including its epsilon (backend.epsilon() = 1e-7) on the weight sums.
  Tensor w = ops::expand_dims(ops::cast(mask, float32), -1);
  Tensor weighted = ops::multiply(w, inputs);
  Tensor total = ops::sum(w, reduction, true) + 1e-7f;
  Tensor mean = ops::divide(ops::sum(weighted, reduction, true), total);
  Tensor variance = ops::divide(ops::sum(ops::multiply(w, ops::square(weighted - mean)), reduction, true), total);
  const Shape channels{inputs.dim(axis_)};
  return {ops::reshape(mean, channels), ops::reshape(variance, channels)};
}

void BatchNormalization::update_moving_statistics(const Tensor& mean, const Tensor& variance) {
  autograd::NoGradGuard no_grad;
  // Keras multiplies float32 tensors by the Python floats momentum and (1.0 - momentum).
  const float keep = static_cast<float>(options_.momentum), take = static_cast<float>(1.0 - options_.momentum);
  moving_mean_->assign(moving_mean_->value() * keep + mean * take);
  moving_variance_->assign(moving_variance_->value() * keep + variance * take);
}

Tensor BatchNormalization::call(const Tensor& inputs, bool training) {
  const Tensor gamma = gamma_ ? gamma_->value() : Tensor();
  const Tensor beta = beta_ ? beta_->value() : Tensor();
  const float eps = static_cast<float>(options_.epsilon);
  if (training && trainable()) {
    const Tensor mask = inputs.mask();
    if (mask.defined()) {
      auto [mean, variance] = masked_moments(inputs, mask);
      update_moving_statistics(mean, variance);
      return ops::batch_normalization(inputs, mean, variance, axis_, beta, gamma, eps);
    }
    ops::BatchNormOutputs out = ops::batch_normalization_training(inputs, axis_, beta, gamma, eps);
    update_moving_statistics(out.mean, out.variance);
    return out.outputs;
  }
  return ops::batch_normalization(inputs, moving_mean_->value(), moving_variance_->value(), axis_, beta, gamma, eps);
}

Json BatchNormalization::get_config() const {
  Json c = base_config();
  c["axis"] = options_.axis;
  c["momentum"] = options_.momentum;
  c["epsilon"] = options_.epsilon;
  c["center"] = options_.center;
  c["scale"] = options_.scale;
  c["beta_initializer"] = initializers::serialize(*options_.beta_initializer);
  c["gamma_initializer"] = initializers::serialize(*options_.gamma_initializer);
  c["moving_mean_initializer"] = initializers::serialize(*options_.moving_mean_initializer);
  c["moving_variance_initializer"] = initializers::serialize(*options_.moving_variance_initializer);
  c["beta_regularizer"] = regularizers::serialize(options_.beta_regularizer.get().get());
  c["gamma_regularizer"] = regularizers::serialize(options_.gamma_regularizer.get().get());
  c["beta_constraint"] = constraints::serialize(options_.beta_constraint.get().get());
  c["gamma_constraint"] = constraints::serialize(options_.gamma_constraint.get().get());
  c["synchronized"] = options_.synchronized;
  return c;
}

}  // namespace keras::layers
