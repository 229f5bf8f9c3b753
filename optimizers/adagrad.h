#pragma once
// keras.optimizers.Adagrad (Keras 3 formula):
//   accumulator += g^2;  w -= lr * g / sqrt(accumulator + epsilon)
// The accumulators start at initial_accumulator_value (0.1), not zero.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct AdagradOptions {
  LearningRate learning_rate = 0.001;
  double initial_accumulator_value = 0.1;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Adagrad final : public Optimizer {
 public:
  using Options = AdagradOptions;
  explicit Adagrad(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Adagrad"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> accumulators_;
};

}  // namespace keras::optimizers
