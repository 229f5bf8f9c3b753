#pragma once
// keras.optimizers.Adamax (Keras 3 formula, t = iterations + 1):
//   m += (g - m) * (1 - beta_1);  u = max(beta_2 * u, |g|)
//   w -= lr * m / ((1 - beta_1^t) * (u + epsilon))

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct AdamaxOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Adamax final : public Optimizer {
 public:
  using Options = AdamaxOptions;
  explicit Adamax(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Adamax"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> m_, u_;
};

}  // namespace keras::optimizers
