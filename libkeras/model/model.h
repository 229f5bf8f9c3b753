#pragma once
// keras.Model: compile / fit / evaluate / predict and the rest of Keras' training API.
// Sequential (and, later, Functional) models derive from it and provide layers() and call().

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/callback.h"
#include "callbacks/history.h"
#include "libkeras/model/layer.h"
#include "libkeras/model/logs.h"
#include "losses/loss.h"
#include "metrics/metric.h"
#include "optimizers/optimizer.h"

namespace keras::callbacks {
class CallbackList;
}

namespace keras {

struct CompileOptions {
  OptimizerArg optimizer = "rmsprop";
  LossArg loss = {};
  /// Updated without sample weights (as Keras' `metrics`).
  std::vector<MetricArg> metrics = {};
  /// Updated with sample weights and class weights.
  std::vector<MetricArg> weighted_metrics = {};
};

/// validation_data=(x, y) or (x, y, sample_weight).
struct ValidationData {
  Tensor x, y, sample_weight = {};
};

/// Keras fit() arguments, in Keras' order (C++ designated initialisers must keep it).
struct FitOptions {
  std::optional<std::int64_t> batch_size = {};  ///< 32
  int epochs = 1;
  int verbose = 1;  ///< 0 silent, 1 progress bar, 2 one line per epoch
  std::vector<callbacks::CallbackPtr> callbacks = {};
  double validation_split = 0.0;  ///< the last fraction of x/y, taken before shuffling
  std::optional<ValidationData> validation_data = {};
  bool shuffle = true;
  std::map<std::int64_t, double> class_weight = {};
  Tensor sample_weight = {};
  int initial_epoch = 0;
  std::optional<std::int64_t> validation_batch_size = {};
  int validation_freq = 1;
};

struct EvaluateOptions {
  std::optional<std::int64_t> batch_size = {};
  int verbose = 1;
  Tensor sample_weight = {};
  std::vector<callbacks::CallbackPtr> callbacks = {};
};

struct PredictOptions {
  std::optional<std::int64_t> batch_size = {};
  int verbose = 1;
  std::vector<callbacks::CallbackPtr> callbacks = {};
};

struct SummaryOptions {
  /// Total width; default min(88, terminal columns - 4), i.e. 76 when not on a terminal.
  std::optional<int> line_length = {};
  /// Column boundaries as fractions of the width (default 0.45, 0.80, 1.0).
  std::vector<double> positions = {};
  /// Receives the rendered summary; default prints to stdout.
  std::function<void(const std::string&)> print_fn = {};
};

/// What evaluate(), train_on_batch() and test_on_batch() return: the loss, then the compiled
/// metrics in compile order (Keras' list), also addressable by name (Keras' return_dict).
class EvaluationResult {
 public:
  EvaluationResult(std::vector<std::string> names, std::vector<double> values);
  std::size_t size() const { return values_.size(); }
  double operator[](std::size_t i) const;
  double operator[](const std::string& name) const;
  double loss() const { return (*this)[0]; }
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<double>& values() const { return values_; }
  Logs as_dict() const;

 private:
  std::vector<std::string> names_;
  std::vector<double> values_;
};

class Model : public Layer {
 public:
  void compile(CompileOptions options = {});
  bool compiled() const { return compiled_; }

  callbacks::History fit(const Tensor& x, const Tensor& y, FitOptions options = {});
  EvaluationResult evaluate(const Tensor& x, const Tensor& y, EvaluateOptions options = {});
  Tensor predict(const Tensor& x, PredictOptions options = {});

  /// One gradient step on one batch (metrics reset first, as Keras' reset_metrics=True).
  EvaluationResult train_on_batch(const Tensor& x, const Tensor& y, const Tensor& sample_weight = {},
                                  const std::map<std::int64_t, double>& class_weight = {});
  EvaluationResult test_on_batch(const Tensor& x, const Tensor& y, const Tensor& sample_weight = {});
  Tensor predict_on_batch(const Tensor& x);

  /// Keras' model.summary() box table.
  void summary(SummaryOptions options = {}) const;

  /// The model's layers in order (a Sequential model's InputLayer is not listed, as in Keras).
  virtual std::vector<std::shared_ptr<Layer>> layers() const = 0;
  /// By name; throws ValueError listing the layer names.
  Layer& get_layer(const std::string& name) const;
  /// By index into layers(); throws ValueError when out of range.
  Layer& get_layer(int index) const;

  std::vector<Variable*> weights() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;

  const std::shared_ptr<optimizers::Optimizer>& optimizer() const { return optimizer_; }
  const std::shared_ptr<losses::Loss>& loss() const { return loss_; }
  /// "loss" then the compiled metrics' names, once they are built (after the first batch).
  std::vector<std::string> metrics_names() const;

  /// Set by a callback to end fit() after the current batch.
  bool stop_training = false;

 protected:
  /// Subclasses build every layer in build(shape), called once with the data's shape (batch -1).
  Model(const std::string& default_prefix, const std::string& name);

 private:
  void ensure_ready_for(const Tensor& x, const char* api);
  void build_compiled(const Tensor& y_true, const Tensor& y_pred);
  Tensor compute_loss(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight);
  void update_metrics(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight, double loss,
                      std::int64_t batch);
  void reset_metrics();
  Logs metric_results() const;
  EvaluationResult ordered_results() const;
  Logs train_step(const Tensor& x, const Tensor& y, const Tensor& sample_weight);
  Logs test_step(const Tensor& x, const Tensor& y, const Tensor& sample_weight);
  Logs run_evaluation(const Tensor& x, const Tensor& y, const Tensor& sample_weight, std::int64_t batch_size,
                      callbacks::CallbackList& callbacks);

  bool compiled_ = false;
  std::shared_ptr<optimizers::Optimizer> optimizer_;
  LossArg loss_arg_;
  std::shared_ptr<losses::Loss> loss_;
  std::vector<MetricArg> metric_args_, weighted_metric_args_;
  std::vector<std::shared_ptr<metrics::Metric>> metrics_, weighted_metrics_;
  bool metrics_built_ = false;
  metrics::Mean loss_tracker_{"loss"};
};

}  // namespace keras
