#pragma once
// keras.optimizers.Nadam (Keras 3 formula, t = iterations + 1, decay = 0.96):
//   u_t = beta_1 * (1 - 0.5 * decay^t);  u_{t+1} = beta_1 * (1 - 0.5 * decay^(t+1))
//   u_product *= u_t  (once per step, before the variables are updated)
//   m += (g - m)(1 - beta_1);  v += (g^2 - v)(1 - beta_2)
//   m_hat = u_{t+1} * m / (1 - u_product * u_{t+1}) + (1 - u_t) * g / (1 - u_product)
//   v_hat = v / (1 - beta_2^t);  w -= lr * m_hat / (sqrt(v_hat) + epsilon)

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct NadamOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Nadam final : public Optimizer {
 public:
  using Options = NadamOptions;
  explicit Nadam(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Nadam"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void begin_step() override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> momentums_, velocities_;
  // Product of the momentum schedule u_1..u_t. Kept as state, as Keras does, so that it is saved
  // and restored at Keras' position in the optimizer variables.
  Tensor u_product_;
};

}  // namespace keras::optimizers
