#pragma once
// keras.Model: compile / fit / evaluate / predict and the rest of Keras' training API.
// Sequential (and, later, Functional) models derive from it and provide layers() and call().

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "callbacks/callback.h"
#include "callbacks/history.h"
#include "libkeras/model/compile_specs.h"
#include "libkeras/model/layer.h"
#include "libkeras/model/logs.h"
#include "losses/loss.h"
#include "metrics/metric.h"
#include "optimizers/optimizer.h"

namespace keras::callbacks {
class CallbackList;
}

namespace keras {

struct LoadWeightsOptions;

struct CompileOptions {
  OptimizerArg optimizer = "rmsprop";
  LossSpec loss = {};
  LossWeights loss_weights = {};
  /// Updated without sample weights (as Keras' `metrics`).
  MetricsSpec metrics = {};
  /// Updated with sample weights and class weights.
  MetricsSpec weighted_metrics = {};
};

/// validation_data=(x, y) or (x, y, sample_weight).
struct ValidationData {
  Data x, y;
  SampleWeights sample_weight = {};
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
  /// Single-output models only (Keras raises for several outputs).
  std::map<std::int64_t, double> class_weight = {};
  /// One array for every output, a list (one per output) or a dict by output name.
  SampleWeights sample_weight = {};
  int initial_epoch = 0;
  std::optional<std::int64_t> validation_batch_size = {};
  int validation_freq = 1;
};

struct EvaluateOptions {
  std::optional<std::int64_t> batch_size = {};
  int verbose = 1;
  SampleWeights sample_weight = {};
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

/// keras.Model. `Model(inputs, outputs)` builds a Functional model from keras::Input() tensors
/// and layer calls; Sequential derives from it. Several inputs and outputs are passed as lists
/// (in the order given at construction) or as dicts keyed by input / output layer name.
/// `x` as a model Input of `input_shape` and `input_dtype` takes it (Keras' Functional input
/// standardisation): a trailing axis of size 1 added or dropped, then cast.
Tensor standardize_input(const Tensor& x, const Shape& input_shape, DType input_dtype);

class Model : public Shareable<Model, Layer> {
 public:
  Model(const std::vector<KerasTensor>& inputs, const std::vector<KerasTensor>& outputs, const std::string& name = "");
  Model(const KerasTensor& input, const KerasTensor& output, const std::string& name = "")
      : Model(std::vector<KerasTensor>{input}, std::vector<KerasTensor>{output}, name) {}

  std::string class_name() const override { return "Functional"; }

  void compile(CompileOptions options = {});
  bool compiled() const { return compiled_; }
  /// What compile() was given, as given (compile_config serializes it); empty before compile().
  CompileOptions compile_options() const {
    return {optimizer_, loss_spec_, loss_weights_spec_, metrics_spec_, weighted_metrics_spec_};
  }

  callbacks::History fit(const Data& x, const Data& y, FitOptions options = {});
  EvaluationResult evaluate(const Data& x, const Data& y, EvaluateOptions options = {});
  /// The outputs for `x` (the first output; predict_all() returns every output).
  Tensor predict(const Data& x, PredictOptions options = {});
  std::vector<Tensor> predict_all(const Data& x, PredictOptions options = {});

  /// One gradient step on one batch (metrics reset first, as Keras' reset_metrics=True).
  EvaluationResult train_on_batch(const Data& x, const Data& y, const SampleWeights& sample_weight = {},
                                  const std::map<std::int64_t, double>& class_weight = {});
  EvaluationResult test_on_batch(const Data& x, const Data& y, const SampleWeights& sample_weight = {});
  Tensor predict_on_batch(const Data& x);

  /// Keras' model.summary() box table.
  void summary(SummaryOptions options = {}) const;

  /// Functional config: {"name", "trainable", "layers" (with "inbound_nodes"), "input_layers",
  /// "output_layers"}, as Keras 3 writes it (libkeras/model/functional_config.cpp).
  Json get_config() const override;
  /// keras.Model.to_json(): compact JSON of model_to_config (libkeras/serialization/saving.h).
  std::string to_json() const;
  /// keras.Model.save / save_weights / load_weights: see save_model(), save_weights() and
  /// load_weights() in libkeras/serialization/saving.h for the formats.
  void save(const std::string& path) const;
  void save_weights(const std::string& path) const;
  void load_weights(const std::string& path);
  void load_weights(const std::string& path, const LoadWeightsOptions& options);

  /// The model's layers in order (Functional models list their InputLayers; a Sequential model
  /// does not, as in Keras).
  virtual std::vector<std::shared_ptr<Layer>> layers() const;
  /// By name; throws ValueError listing the layer names.
  Layer& get_layer(const std::string& name) const;
  /// By index into layers(); throws ValueError when out of range.
  Layer& get_layer(int index) const;

  /// Names of the model's inputs and outputs (their layers' names), in order.
  virtual std::vector<std::string> input_names() const;
  virtual std::vector<std::string> output_names() const;
  /// The symbolic inputs and outputs given at construction.
  const std::vector<KerasTensor>& inputs() const { return inputs_; }
  const std::vector<KerasTensor>& outputs() const { return outputs_; }

  std::vector<Variable*> weights() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;
  std::vector<Tensor> losses() const override;
  void clear_losses() override;
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;
  Shape compute_output_shape(const Shape& input_shape) const override;

  const std::shared_ptr<optimizers::Optimizer>& optimizer() const { return optimizer_; }
  /// The loss of each output (after the first batch; null for outputs without a loss).
  const std::vector<std::shared_ptr<losses::Loss>>& output_losses() const { return losses_; }
  /// The names evaluate() reports, in its order (after the first batch).
  std::vector<std::string> metrics_names() const;

  /// Set by a callback to end fit() after the current batch.
  bool stop_training = false;
  /// Set by a callback's on_train_begin (BackupAndRestore) to start fit() at this epoch instead of
  /// FitOptions::initial_epoch (Keras' model._initial_epoch); fit() consumes it.
  std::optional<int> initial_epoch;

 protected:
  /// For subclasses that define layers() and call_multi() themselves (Sequential).
  Model(const std::string& default_prefix, const std::string& name);

  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> standardize_inputs(const std::vector<Tensor>& inputs) const override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  /// True for Sequential-like models (summary() then has no "Connected to" column).
  virtual bool sequential_like() const;

 private:
  struct Batch;
  void ensure_ready_for(const std::vector<Tensor>& x, const char* api);
  std::vector<Tensor> forward(const std::vector<Tensor>& x, bool training);
  void build_compiled(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred);
  // sample_weight: one per output (undefined: unweighted).
  Tensor compute_loss(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                      const std::vector<Tensor>& sample_weight, std::vector<double>& per_output);
  void update_metrics(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                      const std::vector<Tensor>& sample_weight, double loss, const std::vector<double>& per_output,
                      std::int64_t batch);
  void reset_metrics();
  Logs metric_results() const;
  EvaluationResult ordered_results() const;
  Logs train_step(const Batch& batch);
  Logs test_step(const Batch& batch);
  Logs run_evaluation(const Batch& data, std::int64_t batch_size, callbacks::CallbackList& callbacks);
  bool logs_per_output_loss() const;
  void collect_losses(std::vector<Tensor>& out, std::unordered_set<const Layer*>& seen) const;
  std::string output_prefix(std::size_t output) const;

  // Functional graph (empty for Sequential).
  std::vector<KerasTensor> inputs_, outputs_;
  std::vector<std::shared_ptr<Node>> nodes_;  // topological order
  std::unordered_map<const Node*, int> node_depth_;
  std::vector<std::shared_ptr<Layer>> layers_;

  bool compiled_ = false;
  std::shared_ptr<optimizers::Optimizer> optimizer_;
  LossSpec loss_spec_;
  LossWeights loss_weights_spec_;
  MetricsSpec metrics_spec_, weighted_metrics_spec_;
  std::vector<std::shared_ptr<losses::Loss>> losses_;
  std::vector<double> loss_weights_;
  // metrics_[o] / weighted_metrics_[o]: the metrics of output o.
  std::vector<std::vector<std::shared_ptr<metrics::Metric>>> metrics_, weighted_metrics_;
  std::vector<metrics::Mean> output_loss_trackers_;
  bool metrics_built_ = false;
  metrics::Mean loss_tracker_{"loss"};
};

}  // namespace keras
