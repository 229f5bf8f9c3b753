#include "optimizers/adagrad.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "optimizers/config_fields.h"

namespace keras::optimizers {

Adagrad::Adagrad(Options o) : Optimizer("adagrad", o.learning_rate, o.common()), options_(o) {}

std::shared_ptr<Optimizer> Adagrad::from_config(const Json& config) {
  ConfigReader c(config, "Adagrad optimizer");
  Options o;
  o.learning_rate = detail::learning_rate(c, 0.001);
  o.initial_accumulator_value = c.number("initial_accumulator_value", 0.1);
  o.epsilon = c.number("epsilon", 1e-7);
  detail::read_common(c, o);
  return std::make_shared<Adagrad>(o);
}

void Adagrad::build(const std::vector<Variable*>& variables) {
  accumulators_ = add_slots({"accumulator"}, variables)[0];
  // Keras builds them with initializers.Constant(initial_accumulator_value); add_slots zero-fills,
  // and the handles share storage with the optimizer state, so filling in place is enough.
  for (Tensor& a : accumulators_) {
    a.assign(Tensor::full(a.shape(), options_.initial_accumulator_value, a.dtype(), a.device()));
  }
}

void Adagrad::update_step(const Tensor& grad, Variable& variable, std::size_t index, float lr) {
  Tensor& acc = accumulators_[index];
  acc.assign(acc + ops::square(grad));
  Tensor& w = variable.value();
  w.assign(w - grad * lr / ops::sqrt(acc + static_cast<float>(options_.epsilon)));
}

Json Adagrad::get_config() const {
  Json c = Optimizer::get_config();
  c["initial_accumulator_value"] = options_.initial_accumulator_value;
  c["epsilon"] = options_.epsilon;
  return c;
}

}  // namespace keras::optimizers
