#pragma once
// keras.layers.BatchNormalization:
//   training (and trainable): y = gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta with the
//     batch statistics over every axis but `axis` (biased variance), and
//     moving = moving * momentum + batch * (1 - momentum) for the moving mean and variance;
//   inference, or a frozen layer (trainable = false): the moving statistics instead.
// A Keras mask (one dimension less than the inputs, axis = -1) excludes the masked positions from
// the batch statistics. Weights: gamma, beta (trainable), moving_mean, moving_variance.
// Input shape: any, with x.dim(axis) known. Output shape: the input shape.

#include "layers/normalization/weight_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct BatchNormalizationOptions {
  int axis = -1;  ///< the features axis (kept); statistics run over the others
  double momentum = 0.99;
  double epsilon = 1e-3;
  bool center = true;  ///< add beta
  bool scale = true;   ///< multiply by gamma
  InitializerArg beta_initializer = "zeros";
  InitializerArg gamma_initializer = "ones";
  InitializerArg moving_mean_initializer = "zeros";
  InitializerArg moving_variance_initializer = "ones";
  RegularizerArg beta_regularizer = {};
  RegularizerArg gamma_regularizer = {};
  ConstraintArg beta_constraint = {};
  ConstraintArg gamma_constraint = {};
  /// Keras syncs statistics across replicas; with one device the statistics are the same.
  bool synchronized = false;
  std::string name = "";
};

class BatchNormalization final : public Shareable<BatchNormalization> {
 public:
  using Options = BatchNormalizationOptions;
  explicit BatchNormalization(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "BatchNormalization"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  // Batch mean and variance over the unmasked positions (Keras' _moments with a mask).
  std::pair<Tensor, Tensor> masked_moments(const Tensor& inputs, const Tensor& mask) const;
  void update_moving_statistics(const Tensor& mean, const Tensor& variance);

  Options options_;
  int axis_ = -1;  // normalized at build
  Variable* gamma_ = nullptr;
  Variable* beta_ = nullptr;
  Variable* moving_mean_ = nullptr;
  Variable* moving_variance_ = nullptr;
};

}  // namespace keras::layers
