#pragma once
// keras.optimizers.Lion (Keras 3 formula):
//   w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
//   m = beta_2 * m + (1 - beta_2) * g
// The sign is taken before m is updated, so beta_1 and beta_2 play different roles.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct LionOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.99;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Lion final : public Optimizer {
 public:
  using Options = LionOptions;
  explicit Lion(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Lion"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> momentums_;
};

}  // namespace keras::optimizers
