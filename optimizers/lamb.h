#pragma once
// keras.optimizers.Lamb (Keras 3 formula, t = iterations + 1):
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   update = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + epsilon)
//   w -= ratio * lr * update,  ratio = ||w|| / ||update|| when both norms are positive, else 1
// The norms are taken over the whole variable (one trust ratio per layer weight), not per row.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct LambOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Lamb final : public Optimizer {
 public:
  using Options = LambOptions;
  explicit Lamb(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Lamb"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> momentums_, velocities_;
};

}  // namespace keras::optimizers
