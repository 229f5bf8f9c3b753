#include "optimizers/sgd.h"

#include <nlohmann/json.hpp>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

SGD::SGD(Options o) : Optimizer("SGD", o.learning_rate, o.common()), momentum_(o.momentum), nesterov_(o.nesterov) {
  if (momentum_ < 0.0 || momentum_ > 1.0) {
    throw ValueError("`momentum` must be a float between [0, 1]. Received: momentum=" + std::to_string(momentum_));
  }
}

std::shared_ptr<Optimizer> SGD::from_config(const Json& config) {
  ConfigReader c(config, "SGD optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.01);
  o.momentum = c.number("momentum", 0.0);
  o.nesterov = c.boolean("nesterov", false);
  detail::read_common(c, o);
  return std::make_shared<SGD>(o);
}

void SGD::build(const std::vector<Variable*>& variables) {
  if (momentum_ != 0.0) momentums_ = add_slots({"momentum"}, variables)[0];
}

void SGD::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  Tensor none;
  Tensor& m = momentums_.empty() ? none : momentums_[index];
  backend_for(variable.value().device())
      .sgd_update(variable.value(), grad, m, lr, static_cast<float>(momentum_), nesterov_);
}

Json SGD::get_config() const {
  Json c = Optimizer::get_config();
  c["momentum"] = momentum_;
  c["nesterov"] = nesterov_;
  return c;
}

}  // namespace keras::optimizers
