#pragma once
// keras.optimizers.Adadelta (Keras 3 formula; rms(x) = sqrt(x + epsilon)):
//   accumulated_grad = rho * accumulated_grad + (1 - rho) * g^2
//   delta = -rms(accumulated_delta_var) * g / rms(accumulated_grad)
//   accumulated_delta_var = rho * accumulated_delta_var + (1 - rho) * delta^2
//   w += lr * delta
// Keras 3's default learning_rate is 0.001 (the paper's Adadelta has none, i.e. 1.0).

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct AdadeltaOptions {
  LearningRate learning_rate = 0.001;
  double rho = 0.95;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Adadelta final : public Optimizer {
 public:
  using Options = AdadeltaOptions;
  explicit Adadelta(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Adadelta"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> accumulated_grads_, accumulated_delta_vars_;
};

}  // namespace keras::optimizers
