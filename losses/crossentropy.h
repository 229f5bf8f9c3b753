#pragma once
// Cross-entropy losses: keras.losses.{SparseCategorical,Categorical,Binary}Crossentropy and
// their function forms. Probabilities are clipped to [epsilon, 1 - epsilon] (epsilon = 1e-7);
// categorical outputs are first renormalised to sum to 1, exactly as Keras does.

#include "losses/loss.h"

namespace keras::losses {

Tensor sparse_categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits = false,
                                       int axis = -1);
Tensor categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits = false,
                                double label_smoothing = 0.0, int axis = -1);
Tensor binary_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits = false,
                           double label_smoothing = 0.0, int axis = -1);

struct SparseCategoricalCrossentropyOptions {
  bool from_logits = false;
  std::string reduction = "sum_over_batch_size";
  std::string name = "sparse_categorical_crossentropy";
};

/// Integer labels (batch,) or (batch, 1) against probabilities (batch, classes).
class SparseCategoricalCrossentropy final : public Loss {
 public:
  using Options = SparseCategoricalCrossentropyOptions;
  explicit SparseCategoricalCrossentropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "SparseCategoricalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  bool from_logits_;
};

struct CategoricalCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;
  int axis = -1;
  std::string reduction = "sum_over_batch_size";
  std::string name = "categorical_crossentropy";
};

/// One-hot targets against probabilities, both (batch, classes).
class CategoricalCrossentropy final : public Loss {
 public:
  using Options = CategoricalCrossentropyOptions;
  explicit CategoricalCrossentropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "CategoricalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

struct BinaryCrossentropyOptions {
  bool from_logits = false;
  double label_smoothing = 0.0;
  int axis = -1;
  std::string reduction = "sum_over_batch_size";
  std::string name = "binary_crossentropy";
};

/// 0/1 targets against probabilities; averaged over the last axis.
class BinaryCrossentropy final : public Loss {
 public:
  using Options = BinaryCrossentropyOptions;
  explicit BinaryCrossentropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "BinaryCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

}  // namespace keras::losses
