#pragma once
// keras.metrics confusion-matrix metrics: TruePositives, TrueNegatives, FalsePositives,
// FalseNegatives, Precision, Recall, and the metrics read off a curve at a fixed point
// (SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision).
// AUC lives in auc.h. A prediction counts as positive at threshold t when y_pred > t; with
// several thresholds the Keras result is a vector (result_tensor()).

#include <optional>

#include "metrics/metric.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

struct ConfusionCountOptions {
  /// One or more thresholds in [0, 1]; none means {0.5}.
  std::optional<std::vector<double>> thresholds = {};
  /// Empty: the snake-cased class name made unique ("true_positives", "true_positives_1").
  std::string name = "";
};

/// Keras _ConfusionMatrixConditionCount: the weighted count of one confusion-matrix cell.
class ConfusionMatrixConditionCount : public Metric {
 public:
  using Options = ConfusionCountOptions;
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return mean_of(counts()); }
  Tensor result_tensor() const override;
  void reset_state() override { variables_.reset(thresholds_.size()); }
  Json get_config() const override;

 protected:
  enum class Cell { true_positives, false_positives, true_negatives, false_negatives };
  ConfusionMatrixConditionCount(Cell cell, Options options, const std::string& class_name);
  static Options options_from_config(const Json& config, const std::string& class_name);

 private:
  const std::vector<double>& counts() const;
  Cell cell_;
  std::optional<std::vector<double>> init_thresholds_;
  std::vector<double> thresholds_;
  bool evenly_;
  ConfusionMatrixVariables variables_;
};

class TruePositives final : public ConfusionMatrixConditionCount {
 public:
  explicit TruePositives(Options options = {})
      : ConfusionMatrixConditionCount(Cell::true_positives, std::move(options), "TruePositives") {}
  std::string class_name() const override { return "TruePositives"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

class FalsePositives final : public ConfusionMatrixConditionCount {
 public:
  explicit FalsePositives(Options options = {})
      : ConfusionMatrixConditionCount(Cell::false_positives, std::move(options), "FalsePositives") {}
  std::string class_name() const override { return "FalsePositives"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

class TrueNegatives final : public ConfusionMatrixConditionCount {
 public:
  explicit TrueNegatives(Options options = {})
      : ConfusionMatrixConditionCount(Cell::true_negatives, std::move(options), "TrueNegatives") {}
  std::string class_name() const override { return "TrueNegatives"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

class FalseNegatives final : public ConfusionMatrixConditionCount {
 public:
  explicit FalseNegatives(Options options = {})
      : ConfusionMatrixConditionCount(Cell::false_negatives, std::move(options), "FalseNegatives") {}
  std::string class_name() const override { return "FalseNegatives"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

struct PrecisionRecallOptions {
  /// Thresholds in [0, 1]; none means {0.5}, or, with top_k, "any prediction in the top k".
  std::optional<std::vector<double>> thresholds = {};
  /// Only the k largest predictions of each row count as positive.
  std::optional<int> top_k = {};
  /// Only this class (column of (batch, classes) data) is scored.
  std::optional<int> class_id = {};
  /// Empty: "precision" / "recall", made unique.
  std::string name = "";
};

/// Keras Precision / Recall: tp / (tp + fp) and tp / (tp + fn), 0 when nothing was counted.
class PrecisionRecallBase : public Metric {
 public:
  using Options = PrecisionRecallOptions;
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return mean_of(values()); }
  Tensor result_tensor() const override;
  void reset_state() override { variables_.reset(options_.thresholds.size()); }
  Json get_config() const override;

 protected:
  PrecisionRecallBase(Options options, bool recall, const std::string& class_name);
  static Options options_from_config(const Json& config, const std::string& class_name);

 private:
  std::vector<double> values() const;
  bool recall_;
  std::optional<std::vector<double>> init_thresholds_;
  ConfusionMatrixOptions options_;
  ConfusionMatrixVariables variables_;
};

class Precision final : public PrecisionRecallBase {
 public:
  explicit Precision(Options options = {}) : PrecisionRecallBase(std::move(options), false, "Precision") {}
  std::string class_name() const override { return "Precision"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

class Recall final : public PrecisionRecallBase {
 public:
  explicit Recall(Options options = {}) : PrecisionRecallBase(std::move(options), true, "Recall") {}
  std::string class_name() const override { return "Recall"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

struct SensitivitySpecificityOptions {
  /// Thresholds 0, 1/(n-1), ..., 1 (just 0.5 when 1).
  int num_thresholds = 200;
  std::optional<int> class_id = {};
  /// Empty: the snake-cased class name, made unique.
  std::string name = "";
};

/// Keras SensitivitySpecificityBase: the best `dependent` value over the thresholds where the
/// `constrained` value reaches `value` (0 when none does).
class SensitivitySpecificityBase : public Metric {
 public:
  using Options = SensitivitySpecificityOptions;
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override;
  void reset_state() override { variables_.reset(options_.thresholds.size()); }
  Json get_config() const override;

 protected:
  enum class Rate { sensitivity, specificity, precision, recall };
  SensitivitySpecificityBase(double value, const char* value_key, Rate constrained, Rate dependent, Options options,
                             const std::string& class_name);
  static Options options_from_config(const ConfigReader& config);

 private:
  double rate(Rate rate, std::size_t t) const;
  double value_;
  const char* value_key_;
  Rate constrained_, dependent_;
  int num_thresholds_;
  ConfusionMatrixOptions options_;
  ConfusionMatrixVariables variables_;
};

/// Best recall (sensitivity) among thresholds with specificity >= `specificity`.
class SensitivityAtSpecificity final : public SensitivitySpecificityBase {
 public:
  explicit SensitivityAtSpecificity(double specificity, Options options = {});
  std::string class_name() const override { return "SensitivityAtSpecificity"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

/// Best specificity among thresholds with sensitivity >= `sensitivity`.
class SpecificityAtSensitivity final : public SensitivitySpecificityBase {
 public:
  explicit SpecificityAtSensitivity(double sensitivity, Options options = {});
  std::string class_name() const override { return "SpecificityAtSensitivity"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

/// Best precision among thresholds with recall >= `recall`.
class PrecisionAtRecall final : public SensitivitySpecificityBase {
 public:
  explicit PrecisionAtRecall(double recall, Options options = {});
  std::string class_name() const override { return "PrecisionAtRecall"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

/// Best recall among thresholds with precision >= `precision`.
class RecallAtPrecision final : public SensitivitySpecificityBase {
 public:
  explicit RecallAtPrecision(double precision, Options options = {});
  std::string class_name() const override { return "RecallAtPrecision"; }
  static std::shared_ptr<Metric> from_config(const Json& config);
};

}  // namespace keras::metrics
