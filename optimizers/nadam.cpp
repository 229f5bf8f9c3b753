#include "optimizers/nadam.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

namespace {

// Keras' momentum schedule: beta_1 * (1 - 0.5 * 0.96^step), in float32.
float momentum_cache(float beta_1, float step) { return beta_1 * (1.0f - 0.5f * std::pow(0.96f, step)); }

}  // namespace

Nadam::Nadam(Options o) : Optimizer("nadam", o.learning_rate, o.common()), options_(o) {}

std::shared_ptr<Optimizer> Nadam::from_config(const Json& config) {
  ConfigReader c(config, "Nadam optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.beta_1 = c.number("beta_1", 0.9);
  o.beta_2 = c.number("beta_2", 0.999);
  o.epsilon = c.number("epsilon", 1e-7);
  detail::read_common(c, o);
  return std::make_shared<Nadam>(o);
}

void Nadam::build(const std::vector<Variable*>& variables) {
  // Keras: two add_optimizer_variables calls (all momentums, then all velocities), then
  // `self._u_product = backend.Variable(1.0)`, which the optimizer's tracker appends last.
  momentums_ = add_slots({"momentum"}, variables)[0];
  velocities_ = add_slots({"velocity"}, variables)[0];
  u_product_ = add_scalar("u_product", 1.0);
}

void Nadam::begin_step() {
  const float t = static_cast<float>(iterations() + 1);
  const float u_t = momentum_cache(static_cast<float>(options_.beta_1), t);
  u_product_.assign(Tensor::full(Shape{}, static_cast<float>(u_product_.item()) * u_t, float32));
}

void Nadam::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  const float t = static_cast<float>(iterations() + 1);
  const float b1 = static_cast<float>(options_.beta_1), b2 = static_cast<float>(options_.beta_2);
  const float u_t = momentum_cache(b1, t), u_t_1 = momentum_cache(b1, t + 1.0f);
  const float u_product_t = static_cast<float>(u_product_.item());
  const float u_product_t_1 = u_product_t * u_t_1;
  const float b2_power = std::pow(b2, t);
  Tensor& m = momentums_[index];
  Tensor& v = velocities_[index];
  m.assign(m + (grad - m) * (1.0f - b1));
  v.assign(v + (ops::square(grad) - v) * (1.0f - b2));
  Tensor m_hat = m * u_t_1 / (1.0f - u_product_t_1) + grad * (1.0f - u_t) / (1.0f - u_product_t);
  Tensor v_hat = v / (1.0f - b2_power);
  Tensor& w = variable.value();
  w.assign(w - m_hat * lr / (ops::sqrt(v_hat) + static_cast<float>(options_.epsilon)));
}

Json Nadam::get_config() const {
  Json c = Optimizer::get_config();
  c["beta_1"] = options_.beta_1;
  c["beta_2"] = options_.beta_2;
  c["epsilon"] = options_.epsilon;
  return c;
}

}  // namespace keras::optimizers
