#pragma once
// keras.metrics.FBetaScore and F1Score: (1 + beta^2) * precision * recall /
// (beta^2 * precision + recall), from counts accumulated per class over (batch, classes) data.
// With average=None the Keras result is one score per class (result_tensor()); result() then
// logs their mean, as Keras' progress bar shows it.

#include <optional>

#include "metrics/metric.h"

namespace keras::metrics {

struct FBetaScoreOptions {
  /// None (per class), "micro" (global counts), "macro" (mean over classes) or "weighted"
  /// (mean weighted by each class's number of true instances).
  std::optional<std::string> average = {};
  /// Weight of recall relative to precision; must be > 0.
  double beta = 1.0;
  /// Predictions above it count as positive; none: the largest prediction of each row.
  std::optional<double> threshold = {};
  std::string name = "fbeta_score";
};

class FBetaScore : public Metric {
 public:
  using Options = FBetaScoreOptions;
  explicit FBetaScore(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "FBetaScore"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return mean_of(scores()); }
  Tensor result_tensor() const override;
  void reset_state() override;
  Json get_config() const override;

 private:
  std::vector<double> scores() const;
  Options options_;
  std::int64_t num_classes_ = -1;  // set by the first batch
  std::vector<double> true_positives_, false_positives_, false_negatives_, intermediate_weights_;
};

struct F1ScoreOptions {
  std::optional<std::string> average = {};
  std::optional<double> threshold = {};
  std::string name = "f1_score";
};

/// FBetaScore with beta = 1.
class F1Score final : public FBetaScore {
 public:
  using Options = F1ScoreOptions;
  explicit F1Score(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "F1Score"; }
  Json get_config() const override;
};

}  // namespace keras::metrics
