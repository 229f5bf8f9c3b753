#pragma once
// keras.optimizers.SGD: w -= lr*g; with momentum m = momentum*m - lr*g, w += m (Nesterov:
// w += momentum*m - lr*g). Defaults: learning_rate 0.01, momentum 0, nesterov false.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct SGDOptions {
  LearningRate learning_rate = 0.01;
  double momentum = 0.0;
  bool nesterov = false;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class SGD final : public Optimizer {
 public:
  using Options = SGDOptions;
  explicit SGD(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "SGD"; }
  Json get_config() const override;

 protected:
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  double momentum_;
  bool nesterov_;
  std::vector<Tensor> momentums_;
};

}  // namespace keras::optimizers
