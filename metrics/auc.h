#pragma once
// keras.metrics.AUC: area under the ROC, precision-recall or PR-gain curve, approximated by a
// Riemann sum over `num_thresholds` thresholds of accumulated confusion-matrix counts.

#include <optional>

#include "metrics/metric.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

struct AUCOptions {
  /// Thresholds 0, 1/(n-1), ..., 1 (the ends nudged by epsilon); must be > 1.
  int num_thresholds = 200;
  /// "ROC", "PR" or "PRGAIN" (also lower case).
  std::string curve = "ROC";
  /// "interpolation", "minoring" or "majoring". PR with interpolation uses Davis & Goadrich's
  /// interpolated precision, exactly as Keras' interpolate_pr_auc.
  std::string summation_method = "interpolation";
  /// Empty: "auc", made unique.
  std::string name = "";
  /// Explicit thresholds (sorted; 0 - epsilon and 1 + epsilon are added): replaces num_thresholds.
  std::optional<std::vector<double>> thresholds = {};
  /// (batch, labels) data scored per label, then averaged; otherwise everything is flattened.
  bool multi_label = false;
  /// Number of labels when multi_label (otherwise taken from the first batch).
  std::optional<int> num_labels = {};
  /// Per-label weights: in the average over labels (multi_label) or on the flattened counts.
  std::optional<std::vector<double>> label_weights = {};
  /// Predictions are logits: a sigmoid is applied first.
  bool from_logits = false;
};

class AUC final : public Metric {
 public:
  using Options = AUCOptions;
  explicit AUC(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "AUC"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override;
  void reset_state() override;
  Json get_config() const override;

  /// The thresholds used, with the epsilon-nudged ends (Keras' `thresholds` property).
  const std::vector<double>& thresholds() const { return matrix_.thresholds; }

 private:
  enum class Curve { roc, pr, prgain };
  enum class Summation { interpolation, minoring, majoring };
  void build(const Shape& y_pred_shape);
  double interpolate_pr_auc() const;
  double average_over_labels(const std::vector<double>& by_label) const;

  Options options_;
  Curve curve_;
  Summation summation_;
  std::size_t num_thresholds_;
  ConfusionMatrixOptions matrix_;
  ConfusionMatrixVariables variables_;
  bool built_ = false;
};

}  // namespace keras::metrics
