#include "optimizers/adadelta.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Adadelta::Adadelta(Options o) : Optimizer("adadelta", o.learning_rate, o.common()), options_(o) {}

std::shared_ptr<Optimizer> Adadelta::from_config(const Json& config) {
  ConfigReader c(config, "Adadelta optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.rho = c.number("rho", 0.95);
  o.epsilon = c.number("epsilon", 1e-7);
  detail::read_common(c, o);
  return std::make_shared<Adadelta>(o);
}

void Adadelta::build(const std::vector<Variable*>& variables) {
  // Two add_optimizer_variables calls in Keras: all accumulated_grads, then all delta vars.
  accumulated_grads_ = add_slots({"accumulated_grad"}, variables)[0];
  accumulated_delta_vars_ = add_slots({"accumulated_delta_var"}, variables)[0];
}

void Adadelta::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  const float rho = static_cast<float>(options_.rho), eps = static_cast<float>(options_.epsilon);
  Tensor& acc_grad = accumulated_grads_[index];
  Tensor& acc_delta = accumulated_delta_vars_[index];
  acc_grad.assign(acc_grad * rho + ops::square(grad) * (1.0f - rho));
  // The old accumulated_delta_var scales this step; it is updated only afterwards.
  Tensor delta = -(ops::sqrt(acc_delta + eps) * grad / ops::sqrt(acc_grad + eps));
  acc_delta.assign(acc_delta * rho + ops::square(delta) * (1.0f - rho));
  Tensor& w = variable.value();
  w.assign(w + delta * lr);
}

Json Adadelta::get_config() const {
  Json c = Optimizer::get_config();
  c["rho"] = options_.rho;
  c["epsilon"] = options_.epsilon;
  return c;
}

}  // namespace keras::optimizers
