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
  virtual double result() const = 0;
  virtual void reset_state() = 0;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  virtual Json get_config() const;

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

/// A Mean of a per-sample function of (y_true, y_pred) (keras.metrics.MeanMetricWrapper).
class MeanMetricWrapper : public Mean {
 public:
  using Function = std::function<Tensor(const Tensor& y_true, const Tensor& y_pred)>;
  MeanMetricWrapper(Function fn, std::string name) : Mean(std::move(name)), fn_(std::move(fn)) {}
  std::string class_name() const override { return "MeanMetricWrapper"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;

 private:
  Function fn_;
};

/// keras.metrics.get: a metric from a Keras name; the metric is named `name` as Keras does
/// for string identifiers. "accuracy"/"acc" need shapes: see MetricArg.
std::shared_ptr<Metric> get(const std::string& name);
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
