#pragma once
// keras.optimizers.Ftrl (Keras 3 formula, p = learning_rate_power, n = accumulator, z = linear):
//   g' = g + 2 * l2_shrinkage * w;  n' = n + g^2
//   z += g' - (n'^-p - n^-p) / lr * w
//   w = (clip(z, -l1, l1) - z) / (n'^-p / lr + 2 * (l2 + beta / (2 * lr)));  n = n'
// The shrinkage term enters z only, not the accumulator, which sums raw squared gradients.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct FtrlOptions {
  LearningRate learning_rate = 0.001;
  double learning_rate_power = -0.5;
  double initial_accumulator_value = 0.1;
  double l1_regularization_strength = 0.0;
  double l2_regularization_strength = 0.0;
  double l2_shrinkage_regularization_strength = 0.0;
  double beta = 0.0;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Ftrl final : public Optimizer {
 public:
  using Options = FtrlOptions;
  /// Throws ValueError (Keras' messages) for a positive learning_rate_power or a negative
  /// initial_accumulator_value or regularization strength.
  explicit Ftrl(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Ftrl"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> accumulators_, linears_;
};

}  // namespace keras::optimizers
