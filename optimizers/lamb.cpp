#include "optimizers/lamb.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Lamb::Lamb(Options o) : Optimizer("lamb", o.learning_rate, o.common()), options_(o) {}

std::shared_ptr<Optimizer> Lamb::from_config(const Json& config) {
  ConfigReader c(config, "Lamb optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.beta_1 = c.number("beta_1", 0.9);
  o.beta_2 = c.number("beta_2", 0.999);
  o.epsilon = c.number("epsilon", 1e-7);
  detail::read_common(c, o);
  return std::make_shared<Lamb>(o);
}

void Lamb::build(const std::vector<Variable*>& variables) {
  // One add_optimizer_variables(var_list, ["momentum", "velocity"]) call in Keras: interleaved.
  auto slots = add_slots({"momentum", "velocity"}, variables);
  momentums_ = slots[0];
  velocities_ = slots[1];
}

void Lamb::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  // Keras computes beta^t in the variable's dtype (float32).
  const float t = static_cast<float>(iterations() + 1);
  const float b1 = static_cast<float>(options_.beta_1), b2 = static_cast<float>(options_.beta_2);
  Tensor& m = momentums_[index];
  Tensor& v = velocities_[index];
  m.assign(m + (grad - m) * (1.0f - b1));
  v.assign(v + (ops::square(grad) - v) * (1.0f - b2));
  const Tensor update =
      (m / (1.0f - std::pow(b1, t))) / (ops::sqrt(v / (1.0f - std::pow(b2, t))) + static_cast<float>(options_.epsilon));
  Tensor& w = variable.value();
  // The ratio stays on the device. ops::where blends both branches arithmetically, so the
  // denominator is replaced by 1 wherever the ratio is not used: 0/0 would poison the blend.
  const Tensor w_norm = ops::sqrt(ops::sum(ops::square(w)));
  const Tensor update_norm = ops::sqrt(ops::sum(ops::square(update)));
  const Tensor zero = Tensor::scalar(0.0f, w.device()), one = Tensor::scalar(1.0f, w.device());
  const Tensor use_ratio = ops::greater(w_norm, zero) * ops::greater(update_norm, zero);
  const Tensor ratio = ops::where(use_ratio, w_norm / ops::where(use_ratio, update_norm, one), one);
  w.assign(w - update * (ratio * lr));
}

Json Lamb::get_config() const {
  Json c = Optimizer::get_config();
  c["beta_1"] = options_.beta_1;
  c["beta_2"] = options_.beta_2;
  c["epsilon"] = options_.epsilon;
  return c;
}

}  // namespace keras::optimizers
