#pragma once
// keras.metrics.Metric: stateful metrics with update_state / result / reset_state. fit() and
// evaluate() report each metric's running value over the epoch.

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras::metrics {

class Metric {
 public:
  explicit Metric(std::string name) : name_(std::move(name)) {}
  virtual ~Metric() = default;

  virtual std::string class_name() const = 0;
  /// Accumulates one batch. `sample_weight` may be undefined.
  virtual void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) = 0;
  /// The value fit() and evaluate() log. For a metric whose Keras result is a vector (per class
  /// or per threshold) this is its mean, which is what Keras' progress bar prints for it; the
  /// vector itself is result_tensor().
  virtual double result() const = 0;
  /// Keras' `result()`: a scalar, or a vector for F1Score(average=None), Precision with several
  /// thresholds, R2Score(class_aggregation=None), ...
  virtual Tensor result_tensor() const { return Tensor::scalar(static_cast<float>(result())); }
  virtual void reset_state() = 0;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  virtual Json get_config() const;

 protected:
  /// Keras' default metric name: `name` if given, else the snake-cased class name made unique
  /// ("precision", "precision_1", ...).
  static std::string auto_name(const std::string& name, const std::string& class_name);
  /// A result vector as a 1-D tensor, and its mean for result().
  static Tensor vector_tensor(const std::vector<double>& values);
  static double mean_of(const std::vector<double>& values);

 private:
  std::string name_;
};

/// Weighted running mean of values (keras.metrics.Mean).
class Mean : public Metric {
 public:
  explicit Mean(std::string name = "mean") : Metric(std::move(name)) {}
  std::string class_name() const override { return "Mean"; }
  /// Adds a tensor of values: reduced to one value per sample (mean over non-batch axes),
  /// each weighted by `sample_weight` (default 1). The y_true argument is unused.
  void update_state(const Tensor& values, const Tensor& unused, const Tensor& sample_weight = Tensor()) override;
  /// Adds one value with a weight (the loss tracker adds batch loss x batch size).
  void update(double value, double weight = 1.0);
  double result() const override { return count_ == 0.0 ? 0.0 : total_ / count_; }
  void reset_state() override { total_ = count_ = 0.0; }

 protected:
  void add_values(const Tensor& values, const Tensor& sample_weight);

 private:
  double total_ = 0.0, count_ = 0.0;
};

/// Weighted running sum of values (keras.metrics.Sum).
class Sum final : public Metric {
 public:
  explicit Sum(std::string name = "sum") : Metric(std::move(name)) {}
  std::string class_name() const override { return "Sum"; }
  /// Adds sum(values * sample_weight); the y_true argument is unused.
  void update_state(const Tensor& values, const Tensor& unused, const Tensor& sample_weight = Tensor()) override;
  double result() const override { return total_; }
  void reset_state() override { total_ = 0.0; }

 private:
  double total_ = 0.0;
};

/// A Mean of a per-sample function of (y_true, y_pred) (keras.metrics.MeanMetricWrapper).
class MeanMetricWrapper : public Mean {
 public:
  using Function = std::function<Tensor(const Tensor& y_true, const Tensor& y_pred)>;
  MeanMetricWrapper(Function fn, std::string name) : Mean(std::move(name)), fn_(std::move(fn)) {}
  std::string class_name() const override { return "MeanMetricWrapper"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;

 protected:
  /// Adds per-sample values, leaving out the entries y_pred's Keras mask marks as padding.
  void add_unmasked(const Tensor& values, const Tensor& y_pred, const Tensor& sample_weight);

 private:
  Function fn_;
};

/// keras.metrics.get: a metric from a Keras name; the metric is named `name` as Keras does
/// for string identifiers. "accuracy"/"acc" need shapes: see MetricArg.
std::shared_ptr<Metric> get(const std::string& name);
/// keras.metrics.deserialize: a name, or {"class_name": ..., "config": {...}} rebuilt with every
/// argument of its config (thresholds, num_classes, ...).
std::shared_ptr<Metric> deserialize(const Json& config);
/// keras.metrics.serialize: {"module", "class_name", "config", "registered_name"}.
Json serialize(const Metric& metric);
/// Whether `name` is a registered class name or alias.
bool is_registered(const std::string& name);
std::vector<std::string> names();

}  // namespace keras::metrics

namespace keras {

/// What compile(metrics=[...]) accepts: a name or a Metric object.
class MetricArg {
 public:
  MetricArg(const char* name) : name_(name) {}
  MetricArg(std::string name) : name_(std::move(name)) {}
  MetricArg(std::shared_ptr<metrics::Metric> metric) : metric_(std::move(metric)) {}
  template <class M>
    requires std::derived_from<M, metrics::Metric>
  MetricArg(M metric) : metric_(std::make_shared<M>(std::move(metric))) {}

  /// What compile() was given: the name, or the object (for compile_config).
  const std::string& name() const { return name_; }
  const std::shared_ptr<metrics::Metric>& object() const { return metric_; }

  /// The metric for data of these shapes ("accuracy" picks binary / sparse / categorical
  /// accuracy as keras.trainers.compile_utils.get_metric does, keeping the name "accuracy").
  std::shared_ptr<metrics::Metric> resolve(const Shape& y_true, const Shape& y_pred) const;

 private:
  std::string name_;
  std::shared_ptr<metrics::Metric> metric_;
};

}  // namespace keras
