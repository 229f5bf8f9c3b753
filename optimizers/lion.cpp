#include "optimizers/lion.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Lion::Lion(Options o) : Optimizer("lion", o.learning_rate, o.common()), options_(o) {
  // beta_1 = 0 would make the step sign(g): plain SignSGD, which Keras refuses.
  if (options_.beta_1 <= 0.0 || options_.beta_1 > 1.0) {
    throw ValueError(
        "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. "
        "Received: beta_1=" +
        Json(options_.beta_1).dump() + ".");
  }
}

std::shared_ptr<Optimizer> Lion::from_config(const Json& config) {
  ConfigReader c(config, "Lion optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.beta_1 = c.number("beta_1", 0.9);
  o.beta_2 = c.number("beta_2", 0.99);
  detail::read_common(c, o);
  return std::make_shared<Lion>(o);
}

void Lion::build(const std::vector<Variable*>& variables) { momentums_ = add_slots({"momentum"}, variables)[0]; }

void Lion::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  const float b1 = static_cast<float>(options_.beta_1), b2 = static_cast<float>(options_.beta_2);
  Tensor& m = momentums_[index];
  Tensor& w = variable.value();
  w.assign(w - ops::sign(m * b1 + grad * (1.0f - b1)) * lr);
  m.assign(m * b2 + grad * (1.0f - b2));
}

Json Lion::get_config() const {
  Json c = Optimizer::get_config();
  c["beta_1"] = options_.beta_1;
  c["beta_2"] = options_.beta_2;
  return c;
}

}  // namespace keras::optimizers
