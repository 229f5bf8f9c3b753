#include "optimizers/rmsprop.h"

#include <nlohmann/json.hpp>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

RMSprop::RMSprop(Options o) : Optimizer("rmsprop", o.learning_rate, o.common()), options_(o) {
  if (options_.rho < 0.0 || options_.rho > 1.0) {
    throw ValueError("RMSprop: `rho` must be in [0, 1], received rho=" + std::to_string(options_.rho));
  }
}

std::shared_ptr<Optimizer> RMSprop::from_config(const Json& config) {
  ConfigReader c(config, "RMSprop optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.rho = c.number("rho", 0.9);
  o.momentum = c.number("momentum", 0.0);
  o.epsilon = c.number("epsilon", 1e-7);
  o.centered = c.boolean("centered", false);
  detail::read_common(c, o);
  return std::make_shared<RMSprop>(o);
}

void RMSprop::build(const std::vector<Variable*>& variables) {
  velocities_ = add_slots({"velocity"}, variables)[0];
  if (options_.momentum > 0.0) momentums_ = add_slots({"momentum"}, variables)[0];
  if (options_.centered) average_gradients_ = add_slots({"average_gradient"}, variables)[0];
}

void RMSprop::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  Tensor none_m, none_a;
  Tensor& m = momentums_.empty() ? none_m : momentums_[index];
  Tensor& a = average_gradients_.empty() ? none_a : average_gradients_[index];
  RMSpropStep step{lr, static_cast<float>(options_.rho), static_cast<float>(1.0 - options_.rho),
                   static_cast<float>(options_.momentum), static_cast<float>(options_.epsilon), options_.centered};
  backend_for(variable.value().device()).rmsprop_update(variable.value(), grad, velocities_[index], m, a, step);
}

Json RMSprop::get_config() const {
  Json c = Optimizer::get_config();
  c["rho"] = options_.rho;
  c["momentum"] = options_.momentum;
  c["epsilon"] = options_.epsilon;
  c["centered"] = options_.centered;
  return c;
}

}  // namespace keras::optimizers
