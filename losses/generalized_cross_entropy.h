#pragma once
// keras.losses.CategoricalGeneralizedCrossEntropy (Zhang & Sabuncu, 2018) and its function form:
// a loss robust to noisy labels that moves from cross-entropy (q -> 0) to MAE (q -> 1).

#include "losses/loss.h"

namespace keras::losses {

/// (1 - p^q) / q, p the predicted probability of the true class. Integer labels (batch,) or
/// (batch, 1) against probabilities (batch, classes).
Tensor categorical_generalized_cross_entropy(const Tensor& y_true, const Tensor& y_pred, double q);

struct CategoricalGeneralizedCrossEntropyOptions {
  double q = 0.5;  ///< in (0, 1)
  std::string reduction = "sum_over_batch_size";
  std::string name = "categorical_generalized_cross_entropy";
};

class CategoricalGeneralizedCrossEntropy final : public Loss {
 public:
  using Options = CategoricalGeneralizedCrossEntropyOptions;
  explicit CategoricalGeneralizedCrossEntropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "CategoricalGeneralizedCrossEntropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  double q_;
};

}  // namespace keras::losses
