#pragma once
// Focal cross-entropies (Lin et al., 2018): keras.losses.BinaryFocalCrossentropy,
// CategoricalFocalCrossentropy and their function forms. A focal factor (1 - p_t)^gamma
// down-weights examples the model already gets right; gamma = 0 gives the plain cross-entropy.

#include <vector>

#include "losses/loss.h"

namespace keras::losses {

/// mean over `axis` of (1 - p_t)^gamma * bce, where p_t = y_true * p + (1 - y_true) * (1 - p);
/// with apply_class_balancing, times alpha for class 1 and 1 - alpha for class 0.
Tensor binary_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool apply_class_balancing = false,
                                 double alpha = 0.25, double gamma = 2.0, bool from_logits = false,
                                 double label_smoothing = 0.0, int axis = -1);
/// sum over `axis` of alpha * (1 - p)^gamma * -y_true * log(p), p the renormalised, clipped
/// probabilities. `alpha` holds one value for every class or one per class.
Tensor categorical_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                      const std::vector<double>& alpha = {0.25}, double gamma = 2.0,
                                      bool from_logits = false, double label_smoothing = 0.0, int axis = -1);

struct BinaryFocalCrossentropyOptions {
  bool apply_class_balancing = false;
  double alpha = 0.25;  ///< weight of class 1 when balancing (class 0 gets 1 - alpha), in [0, 1]
  double gamma = 2.0;   ///< focusing parameter, >= 0
  bool from_logits = false;
  double label_smoothing = 0.0;  ///< in [0, 1]; squeezes targets towards 0.5
  int axis = -1;
  std::string reduction = "sum_over_batch_size";
  std::string name = "binary_focal_crossentropy";
};

class BinaryFocalCrossentropy final : public Loss {
 public:
  using Options = BinaryFocalCrossentropyOptions;
  explicit BinaryFocalCrossentropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "BinaryFocalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

struct CategoricalFocalCrossentropyOptions {
  /// One weight for every class ({0.25}, Keras' scalar default) or one per class.
  std::vector<double> alpha = {0.25};
  double gamma = 2.0;  ///< focusing parameter, >= 0
  bool from_logits = false;
  double label_smoothing = 0.0;  ///< in [0, 1]
  int axis = -1;
  std::string reduction = "sum_over_batch_size";
  std::string name = "categorical_focal_crossentropy";
};

/// One-hot targets against probabilities (or logits), both (batch, ..., classes).
class CategoricalFocalCrossentropy final : public Loss {
 public:
  using Options = CategoricalFocalCrossentropyOptions;
  explicit CategoricalFocalCrossentropy(Options options = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "CategoricalFocalCrossentropy"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  Options options_;
};

}  // namespace keras::losses
