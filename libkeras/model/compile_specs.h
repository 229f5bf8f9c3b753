#pragma once
// The forms compile() and fit() accept for models with several inputs or outputs, as in Keras:
// one value for every output, a list in output order, or a dict keyed by input/output name.

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"
#include "losses/loss.h"
#include "metrics/metric.h"

namespace keras {

/// Model inputs or targets: a tensor, a list (one per input/output) or a dict by name.
class Data {
 public:
  Data() = default;
  Data(Tensor t) : list_{std::move(t)} {}
  Data(std::vector<Tensor> list) : list_(std::move(list)) {}
  Data(std::initializer_list<Tensor> list) : list_(list) {}
  Data(std::map<std::string, Tensor> named) : named_(std::move(named)), is_named_(true) {}
  Data(std::initializer_list<std::pair<const std::string, Tensor>> named) : named_(named), is_named_(true) {}

  bool empty() const { return !is_named_ && (list_.empty() || (list_.size() == 1 && !list_[0].defined())); }
  /// One tensor per name, in `names` order; `what` ("x", "y") names the argument in errors.
  std::vector<Tensor> resolve(const std::vector<std::string>& names, const std::string& what) const;

 private:
  std::vector<Tensor> list_;
  std::map<std::string, Tensor> named_;
  bool is_named_ = false;
};

/// fit/evaluate(sample_weight=...): one array for every output (for several outputs it must hold
/// one weight per sample), a list with one array per output, or a dict keyed by output name.
/// An undefined Tensor in a list or dict leaves that output unweighted.
class SampleWeights {
 public:
  SampleWeights() = default;
  SampleWeights(Tensor t) : single_(std::move(t)) {}
  SampleWeights(std::vector<Tensor> list) : list_(std::move(list)), is_list_(true) {}
  SampleWeights(std::initializer_list<Tensor> list) : list_(list), is_list_(true) {}
  SampleWeights(std::map<std::string, Tensor> named) : named_(std::move(named)), is_named_(true) {}
  SampleWeights(std::initializer_list<std::pair<const std::string, Tensor>> named) : named_(named), is_named_(true) {}

  bool empty() const { return !is_list_ && !is_named_ && !single_.defined(); }
  /// One tensor per output, in `output_names` order (undefined: unweighted); `what`
  /// ("sample_weight", "validation_data sample_weight") names the argument in errors.
  std::vector<Tensor> resolve(const std::vector<std::string>& output_names, const std::string& what) const;

 private:
  Tensor single_;
  std::vector<Tensor> list_;
  std::map<std::string, Tensor> named_;
  bool is_list_ = false, is_named_ = false;
};

/// compile(loss=...): one loss for every output, a list in output order, or a dict by name.
class LossSpec {
 public:
  LossSpec() = default;
  LossSpec(const char* name) : single_(name) {}
  LossSpec(std::string name) : single_(std::move(name)) {}
  LossSpec(LossArg loss) : single_(std::move(loss)) {}
  template <class L>
    requires std::derived_from<L, losses::Loss>
  LossSpec(L loss) : single_(std::move(loss)) {}
  LossSpec(std::shared_ptr<losses::Loss> loss) : single_(std::move(loss)) {}
  LossSpec(std::initializer_list<LossArg> list) : list_(list), is_list_(true) {}
  LossSpec(std::vector<LossArg> list) : list_(std::move(list)), is_list_(true) {}
  LossSpec(std::map<std::string, LossArg> named) : named_(std::move(named)), is_named_(true) {}
  /// {{"head", "mse"}, {"cls", "sparse_categorical_crossentropy"}}
  LossSpec(std::initializer_list<std::pair<const std::string, LossArg>> named) : named_(named), is_named_(true) {}

  bool empty() const { return !is_list_ && !is_named_ && single_.empty(); }
  /// One LossArg per output (an empty one: that output has no loss).
  std::vector<LossArg> resolve(const std::vector<std::string>& output_names) const;

  // The form compile() was given (for compile_config): a list, a dict, or one loss.
  bool is_list() const { return is_list_; }
  bool is_named() const { return is_named_; }
  const LossArg& single() const { return single_; }
  const std::vector<LossArg>& list() const { return list_; }
  const std::map<std::string, LossArg>& named() const { return named_; }

 private:
  LossArg single_;
  std::vector<LossArg> list_;
  std::map<std::string, LossArg> named_;
  bool is_list_ = false, is_named_ = false;
};

/// compile(loss_weights=...): a scalar (one output), a list in output order, or a dict.
class LossWeights {
 public:
  LossWeights() = default;
  LossWeights(double w) : list_{w}, set_(true) {}
  LossWeights(std::initializer_list<double> list) : list_(list), set_(true) {}
  LossWeights(std::vector<double> list) : list_(std::move(list)), set_(true) {}
  LossWeights(std::map<std::string, double> named) : named_(std::move(named)), set_(true), is_named_(true) {}
  LossWeights(std::initializer_list<std::pair<const std::string, double>> named)
      : named_(named), set_(true), is_named_(true) {}

  /// One weight per output (1 when unset).
  std::vector<double> resolve(const std::vector<std::string>& output_names) const;

  // The form compile() was given (for compile_config).
  bool is_set() const { return set_; }
  bool is_named() const { return is_named_; }
  const std::vector<double>& list() const { return list_; }
  const std::map<std::string, double>& named() const { return named_; }

 private:
  std::vector<double> list_;
  std::map<std::string, double> named_;
  bool set_ = false, is_named_ = false;
};

/// Metrics listed per output, in output order: MetricsPerOutput{{"mae"}, {"accuracy", "acc"}}.
using MetricsPerOutput = std::vector<std::vector<MetricArg>>;

/// compile(metrics=...): for one output a list of metrics; for several, a list with one metric
/// per output, a MetricsPerOutput, or a dict by output name ({{"cls", {"accuracy"}}}).
class MetricsSpec {
 public:
  MetricsSpec() = default;
  MetricsSpec(std::initializer_list<MetricArg> flat) : flat_(flat) {}
  MetricsSpec(std::vector<MetricArg> flat) : flat_(std::move(flat)) {}
  MetricsSpec(std::vector<std::vector<MetricArg>> per_output) : nested_(std::move(per_output)), is_nested_(true) {}
  MetricsSpec(std::map<std::string, std::vector<MetricArg>> named) : named_(std::move(named)), is_named_(true) {}
  MetricsSpec(std::initializer_list<std::pair<const std::string, std::vector<MetricArg>>> named)
      : named_(named), is_named_(true) {}

  /// The metrics of each output.
  std::vector<std::vector<MetricArg>> resolve(const std::vector<std::string>& output_names,
                                              const std::string& argument) const;

  // The form compile() was given (for compile_config): flat, per output, or a dict.
  bool is_nested() const { return is_nested_; }
  bool is_named() const { return is_named_; }
  const std::vector<MetricArg>& flat() const { return flat_; }
  const std::vector<std::vector<MetricArg>>& nested() const { return nested_; }
  const std::map<std::string, std::vector<MetricArg>>& named() const { return named_; }

 private:
  std::vector<MetricArg> flat_;
  std::vector<std::vector<MetricArg>> nested_;
  std::map<std::string, std::vector<MetricArg>> named_;
  bool is_nested_ = false, is_named_ = false;
};

}  // namespace keras
