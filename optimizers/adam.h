#pragma once
// keras.optimizers.Adam and AdamW (Keras 3 formula, t = iterations + 1):
//   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
//   m += (g - m)(1 - beta_1); v += (g^2 - v)(1 - beta_2)   [amsgrad: v_hat = max(v_hat, v)]
//   w -= m * alpha / (sqrt(v) + epsilon)
// AdamW is Adam with decoupled weight decay (default 0.004): w -= w * weight_decay * lr first.

#include "optimizers/optimizer.h"

namespace keras::optimizers {

struct AdamOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  KERAS_OPTIMIZER_COMMON_FIELDS
};

class Adam : public Optimizer {
 public:
  using Options = AdamOptions;
  explicit Adam(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "Adam"; }
  Json get_config() const override;

 protected:
  Adam(const std::string& default_name, const Options& options);
  void build(const std::vector<Variable*>& variables) override;
  void update_step(const Tensor& grad, Variable& variable, std::size_t index, float learning_rate) override;

 private:
  Options options_;
  std::vector<Tensor> momentums_, velocities_, velocity_hats_;
};

struct AdamWOptions {
  LearningRate learning_rate = 0.001;
  double weight_decay = 0.004;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  KERAS_OPTIMIZER_FIELDS_AFTER_WEIGHT_DECAY
};

class AdamW final : public Adam {
 public:
  using Options = AdamWOptions;
  explicit AdamW(Options options = {});
  static std::shared_ptr<Optimizer> from_config(const Json& config);
  std::string class_name() const override { return "AdamW"; }
};

/// Reads Adam's fields from a config (shared by Adam and AdamW).
Adam::Options adam_options_from_config(const Json& config, const std::string& what);

}  // namespace keras::optimizers
