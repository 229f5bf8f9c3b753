#include "optimizers/adam.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Adam::Adam(Options o) : Adam("adam", o) {}

Adam::Adam(const std::string& default_name, const Options& o)
    : Optimizer(default_name, o.learning_rate, o.common()), options_(o) {}

Adam::Options adam_options_from_config(const Json& config, const std::string& what) {
  ConfigReader c(config, what);
  Adam::Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.beta_1 = c.number("beta_1", 0.9);
  o.beta_2 = c.number("beta_2", 0.999);
  o.epsilon = c.number("epsilon", 1e-7);
  o.amsgrad = c.boolean("amsgrad", false);
  detail::read_common(c, o);
  return o;
}

std::shared_ptr<Optimizer> Adam::from_config(const Json& config) {
  return std::make_shared<Adam>(adam_options_from_config(config, "Adam optimizer"));
}

void Adam::build(const std::vector<Variable*>& variables) {
  auto slots = add_slots({"momentum", "velocity"}, variables);
  momentums_ = slots[0];
  velocities_ = slots[1];
  if (options_.amsgrad) velocity_hats_ = add_slots({"velocity_hat"}, variables)[0];
}

void Adam::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  // Keras computes the bias correction in float32 from t = iterations + 1.
  const float t = static_cast<float>(iterations() + 1);
  const float b1 = static_cast<float>(options_.beta_1), b2 = static_cast<float>(options_.beta_2);
  const float b1_power = std::pow(b1, t), b2_power = std::pow(b2, t);
  AdamStep step{lr, static_cast<float>(1.0 - options_.beta_1), static_cast<float>(1.0 - options_.beta_2),
                static_cast<float>(options_.epsilon), lr * std::sqrt(1.0f - b2_power) / (1.0f - b1_power),
                options_.amsgrad};
  Tensor none;
  Tensor& v_hat = velocity_hats_.empty() ? none : velocity_hats_[index];
  backend_for(variable.value().device())
      .adam_update(variable.value(), grad, momentums_[index], velocities_[index], v_hat, step);
}

Json Adam::get_config() const {
  Json c = Optimizer::get_config();
  c["beta_1"] = options_.beta_1;
  c["beta_2"] = options_.beta_2;
  c["epsilon"] = options_.epsilon;
  c["amsgrad"] = options_.amsgrad;
  return c;
}

namespace {

Adam::Options as_adam(const AdamW::Options& o) {
  Adam::Options a;
  a.learning_rate = o.learning_rate;
  a.beta_1 = o.beta_1;
  a.beta_2 = o.beta_2;
  a.epsilon = o.epsilon;
  a.amsgrad = o.amsgrad;
  a.weight_decay = o.weight_decay;
  a.clipnorm = o.clipnorm;
  a.clipvalue = o.clipvalue;
  a.global_clipnorm = o.global_clipnorm;
  a.use_ema = o.use_ema;
  a.ema_momentum = o.ema_momentum;
  a.ema_overwrite_frequency = o.ema_overwrite_frequency;
  a.gradient_accumulation_steps = o.gradient_accumulation_steps;
  a.name = o.name;
  return a;
}

}  // namespace

AdamW::AdamW(Options o) : Adam("adamw", as_adam(o)) {}

std::shared_ptr<Optimizer> AdamW::from_config(const Json& config) {
  Adam::Options a = adam_options_from_config(config, "AdamW optimizer");
  if (config.contains("weight_decay") && config["weight_decay"].is_null()) {
    throw ValueError("AdamW optimizer: Argument `weight_decay` must be a float. Received: weight_decay=None");
  }
  AdamW::Options o;
  o.learning_rate = a.learning_rate;
  o.weight_decay = a.weight_decay.value_or(0.004);
  o.beta_1 = a.beta_1;
  o.beta_2 = a.beta_2;
  o.epsilon = a.epsilon;
  o.amsgrad = a.amsgrad;
  o.clipnorm = a.clipnorm;
  o.clipvalue = a.clipvalue;
  o.global_clipnorm = a.global_clipnorm;
  o.use_ema = a.use_ema;
  o.ema_momentum = a.ema_momentum;
  o.ema_overwrite_frequency = a.ema_overwrite_frequency;
  o.gradient_accumulation_steps = a.gradient_accumulation_steps;
  o.name = a.name;
  return std::make_shared<AdamW>(o);
}

}  // namespace keras::optimizers
