#pragma once
// keras.optimizers.RMSprop: v = rho*v + (1-rho)*g^2; w -= lr*g / sqrt(v + epsilon)
// (epsilon inside the root, unlike Adam); optional momentum and centered variants.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct RMSpropOptions {
  LearningRate learning_rate = 0.001;
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  bool centered = false;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class RMSprop final : public Optimizer {
 public:
  using Options = RMSpropOptions;
  explicit RMSprop(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "RMSprop"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> velocities_, momentums_, average_gradients_;
};

}  // namespace keras::optimizers
