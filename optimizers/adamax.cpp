#include "optimizers/adamax.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Adamax::Adamax(Options o) : Optimizer("adamax", o.learning_rate, o.common()), options_(o) {}

std::shared_ptr<Optimizer> Adamax::from_config(const Json& config) {
  ConfigReader c(config, "Adamax optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.beta_1 = c.number("beta_1", 0.9);
  o.beta_2 = c.number("beta_2", 0.999);
  o.epsilon = c.number("epsilon", 1e-7);
  detail::read_common(c, o);
  return std::make_shared<Adamax>(o);
}

void Adamax::build(const std::vector<Variable*>& variables) {
  // One add_optimizer_variables(var_list, ["momentum", "norm"]) call in Keras: the two slots
  // interleave per model variable.
  auto slots = add_slots({"momentum", "norm"}, variables);
  m_ = slots[0];
  u_ = slots[1];
}

void Adamax::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  // Keras computes beta_1^t in the variable's dtype (float32).
  const float t = static_cast<float>(iterations() + 1);
  const float b1 = static_cast<float>(options_.beta_1), b2 = static_cast<float>(options_.beta_2);
  const float b1_power = std::pow(b1, t);
  Tensor& m = m_[index];
  Tensor& u = u_[index];
  m.assign(m + (grad - m) * (1.0f - b1));
  u.assign(ops::maximum(u * b2, ops::abs(grad)));
  Tensor& w = variable.value();
  w.assign(w - m * lr / ((u + static_cast<float>(options_.epsilon)) * (1.0f - b1_power)));
}

Json Adamax::get_config() const {
  Json c = Optimizer::get_config();
  c["beta_1"] = options_.beta_1;
  c["beta_2"] = options_.beta_2;
  c["epsilon"] = options_.epsilon;
  return c;
}

}  // namespace keras::optimizers
