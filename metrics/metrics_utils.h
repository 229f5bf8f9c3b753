#pragma once
// keras.metrics.metrics_utils: the confusion-matrix accumulation shared by TruePositives ...
// Precision, Recall, AUC and the sensitivity/specificity family, and the config helpers for
// their `thresholds`. Counts are accumulated on the host in double precision; predictions are
// compared with the thresholds in float32, as Keras does with float32 variables.

#include <optional>
#include <string>
#include <vector>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/tensor/tensor.h"

namespace keras::metrics {

/// Keras metrics_utils.NEG_INF: the default threshold when `top_k` is set.
inline constexpr double kNegInf = -1e10;

/// Keras parse_init_thresholds: `thresholds`, or {default_threshold} when not given. Given
/// thresholds must lie in [0, 1] ("Threshold values must be in [0, 1]. Received: [...]").
std::vector<double> parse_init_thresholds(const std::optional<std::vector<double>>& thresholds,
                                          double default_threshold);
/// Keras is_evenly_distributed_thresholds: at least 3 values, close to i / (n - 1).
bool is_evenly_distributed_thresholds(const std::vector<double>& thresholds);

/// Reads `key` as Keras accepts it: null/absent, one number, or a list of numbers.
std::optional<std::vector<double>> read_thresholds(const ConfigReader& config, const std::string& key);
/// Writes thresholds back: null, a number when there is one, else a list.
Json thresholds_json(const std::optional<std::vector<double>>& thresholds);
/// Reads an optional integer (null/absent -> nullopt).
std::optional<int> read_optional_int(const ConfigReader& config, const std::string& key);
Json optional_json(const std::optional<int>& value);

/// Weighted counts per threshold (and per label when multi_label), laid out (thresholds, labels).
struct ConfusionMatrixVariables {
  std::vector<double> true_positives, false_positives, true_negatives, false_negatives;
  std::int64_t num_labels = 1;

  /// Sizes all four to thresholds x labels, zeroed.
  void reset(std::size_t num_thresholds, std::int64_t labels = 1);
};

struct ConfusionMatrixOptions {
  /// A prediction is positive at threshold t when y_pred > t.
  std::vector<double> thresholds;
  /// Keras' bucketed fast path for i / (n - 1) thresholds: predictions are clipped to [0, 1]
  /// first, and the end thresholds count as -epsilon / 1 + epsilon when they lie outside [0, 1].
  bool thresholds_distributed_evenly = false;
  /// Only the top k predictions of each row count as positive (ties: the lower index wins).
  std::optional<int> top_k;
  /// Only this column of (batch, classes) data is counted.
  std::optional<int> class_id;
  /// Columns of (batch, labels) data are counted separately.
  bool multi_label = false;
  /// Per-column weights multiplied into sample weights (flattened data only).
  std::vector<double> label_weights;
};

/// Keras update_confusion_matrix_variables. y_true is cast to bool (nonzero = positive);
/// sample_weight (optional) broadcasts against y_pred after a trailing axis is added. Throws
/// ShapeError / ValueError naming `metric` for shapes that do not fit.
void update_confusion_matrix_variables(ConfusionMatrixVariables& variables, const Tensor& y_true,
                                       const Tensor& y_pred, const Tensor& sample_weight,
                                       const ConfusionMatrixOptions& options, const std::string& metric);

/// a / b, or 0 where b is 0 (ops.divide_no_nan).
inline double divide_no_nan(double a, double b) { return b == 0.0 ? 0.0 : a / b; }

/// Host values of a weight tensor broadcast to `shape` (numpy rules); ShapeError naming `metric`.
std::vector<double> broadcast_weights(const Tensor& weights, const Shape& from, const Shape& to,
                                      const std::string& metric);

}  // namespace keras::metrics
