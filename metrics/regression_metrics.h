#pragma once
// keras.metrics regression metrics: running means of the regression losses (MeanSquaredError,
// MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCoshError,
// CosineSimilarity), RootMeanSquaredError and R2Score.

#include <optional>

#include "metrics/metric.h"

namespace keras::metrics {

class MeanSquaredError final : public MeanMetricWrapper {
 public:
  explicit MeanSquaredError(std::string name = "mean_squared_error");
  std::string class_name() const override { return "MeanSquaredError"; }
};

class MeanAbsoluteError final : public MeanMetricWrapper {
 public:
  explicit MeanAbsoluteError(std::string name = "mean_absolute_error");
  std::string class_name() const override { return "MeanAbsoluteError"; }
};

class MeanAbsolutePercentageError final : public MeanMetricWrapper {
 public:
  explicit MeanAbsolutePercentageError(std::string name = "mean_absolute_percentage_error");
  std::string class_name() const override { return "MeanAbsolutePercentageError"; }
};

class MeanSquaredLogarithmicError final : public MeanMetricWrapper {
 public:
  explicit MeanSquaredLogarithmicError(std::string name = "mean_squared_logarithmic_error");
  std::string class_name() const override { return "MeanSquaredLogarithmicError"; }
};

/// Running mean of log(cosh(y_pred - y_true)); Keras names it "logcosh".
class LogCoshError final : public MeanMetricWrapper {
 public:
  explicit LogCoshError(std::string name = "logcosh");
  std::string class_name() const override { return "LogCoshError"; }
};

/// Running mean of the cosine similarity along `axis`: +1 for identical directions (the loss
/// of the same name is its negative).
class CosineSimilarity final : public MeanMetricWrapper {
 public:
  explicit CosineSimilarity(std::string name = "cosine_similarity", int axis = -1);
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "CosineSimilarity"; }
  Json get_config() const override;

 private:
  int axis_;
};

/// sqrt of the running (weighted) mean of squared errors.
class RootMeanSquaredError final : public Mean {
 public:
  explicit RootMeanSquaredError(std::string name = "root_mean_squared_error") : Mean(std::move(name)) {}
  std::string class_name() const override { return "RootMeanSquaredError"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override;
};

struct R2ScoreOptions {
  /// "uniform_average", "variance_weighted_average", or none for one score per output.
  std::optional<std::string> class_aggregation = "uniform_average";
  /// Number of independent regressors: > 0 gives the adjusted R2 score.
  int num_regressors = 0;
  std::string name = "r2_score";
};

/// Coefficient of determination 1 - SS_res / SS_tot per output column of (batch, outputs) data.
class R2Score final : public Metric {
 public:
  using Options = R2ScoreOptions;
  explicit R2Score(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "R2Score"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return mean_of(scores()); }
  Tensor result_tensor() const override;
  void reset_state() override;
  Json get_config() const override;

 private:
  std::vector<double> scores() const;
  Options options_;
  std::int64_t num_outputs_ = -1;  // set by the first batch
  double num_samples_ = 0.0;
  std::vector<double> squared_sum_, sum_, total_mse_, count_;
};

}  // namespace keras::metrics
