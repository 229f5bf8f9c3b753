#include "optimizers/ftrl.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

namespace {

// Written as !(value >= 0) so that NaN, which is not "positive or zero" either, is refused too.
void require_non_negative(const std::string& field, double value) {
  if (!(value >= 0.0)) {
    throw ValueError("`" + field + "` needs to be positive or zero. Received: " + field + "=" + Json(value).dump() +
                     ".");
  }
}

}  // namespace

Ftrl::Ftrl(Options o) : Optimizer("ftrl", o.learning_rate, o.common()), options_(o) {
  // Keras' order of checks, so the first bad argument is the one named.
  require_non_negative("initial_accumulator_value", o.initial_accumulator_value);
  if (!(o.learning_rate_power <= 0.0)) {
    throw ValueError("`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=" +
                     Json(o.learning_rate_power).dump() + ".");
  }
  require_non_negative("l1_regularization_strength", o.l1_regularization_strength);
  require_non_negative("l2_regularization_strength", o.l2_regularization_strength);
  require_non_negative("l2_shrinkage_regularization_strength", o.l2_shrinkage_regularization_strength);
}

std::shared_ptr<Optimizer> Ftrl::from_config(const Json& config) {
  ConfigReader c(config, "Ftrl optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.learning_rate_power = c.number("learning_rate_power", -0.5);
  o.initial_accumulator_value = c.number("initial_accumulator_value", 0.1);
  o.l1_regularization_strength = c.number("l1_regularization_strength", 0.0);
  o.l2_regularization_strength = c.number("l2_regularization_strength", 0.0);
  o.l2_shrinkage_regularization_strength = c.number("l2_shrinkage_regularization_strength", 0.0);
  o.beta = c.number("beta", 0.0);
  detail::read_common(c, o);
  return std::make_shared<Ftrl>(o);
}

void Ftrl::build(const std::vector<Variable*>& variables) {
  // Keras adds the accumulator and the linear slot of each variable in turn, so they interleave.
  auto slots = add_slots({"accumulator", "linear"}, variables);
  accumulators_ = slots[0];
  linears_ = slots[1];
  for (Tensor& a : accumulators_) {
    a.assign(Tensor::full(a.shape(), options_.initial_accumulator_value, a.dtype(), a.device()));
  }
}

void Ftrl::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  // Keras mixes Python floats into float32 tensor ops, so every constant is rounded to float32.
  const float l1 = static_cast<float>(options_.l1_regularization_strength);
  const float l2 = static_cast<float>(options_.l2_regularization_strength) +
                   static_cast<float>(options_.beta) / (2.0f * lr);
  const Tensor exponent = Tensor::scalar(static_cast<float>(-options_.learning_rate_power), grad.device());
  Tensor& accum = accumulators_[index];
  Tensor& linear = linears_[index];
  Tensor& w = variable.value();
  const Tensor grad_to_use = grad + w * static_cast<float>(2.0 * options_.l2_shrinkage_regularization_strength);
  const Tensor new_accum = accum + ops::square(grad);
  const Tensor new_accum_power = ops::power(new_accum, exponent);
  linear.assign(linear + (grad_to_use - (new_accum_power - ops::power(accum, exponent)) / lr * w));
  const Tensor quadratic = new_accum_power / lr + 2.0f * l2;
  w.assign((ops::clip(linear, -l1, l1) - linear) / quadratic);
  accum.assign(new_accum);
}

Json Ftrl::get_config() const {
  Json c = Optimizer::get_config();
  c["learning_rate_power"] = options_.learning_rate_power;
  c["initial_accumulator_value"] = options_.initial_accumulator_value;
  c["l1_regularization_strength"] = options_.l1_regularization_strength;
  c["l2_regularization_strength"] = options_.l2_regularization_strength;
  c["l2_shrinkage_regularization_strength"] = options_.l2_shrinkage_regularization_strength;
  c["beta"] = options_.beta;
  return c;
}

}  // namespace keras::optimizers
