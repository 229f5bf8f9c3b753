#include "metrics/confusion_metrics.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "libkeras/autograd/tape.h"
#include "libkeras/utils/error.h"

namespace keras::metrics {

namespace {

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

double required_number(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) c.fail(key, "is required");
  return c.number(key, 0.0);
}

}  // namespace

// ---- TruePositives, FalsePositives, TrueNegatives, FalseNegatives ----

ConfusionMatrixConditionCount::ConfusionMatrixConditionCount(Cell cell, Options options,
                                                             const std::string& class_name)
    : Metric(auto_name(options.name, class_name)),
      cell_(cell),
      init_thresholds_(std::move(options.thresholds)),
      thresholds_(parse_init_thresholds(init_thresholds_, 0.5)),
      evenly_(is_evenly_distributed_thresholds(thresholds_)) {
  variables_.reset(thresholds_.size());
}

ConfusionCountOptions ConfusionMatrixConditionCount::options_from_config(const Json& config,
                                                                         const std::string& class_name) {
  ConfigReader c(config, class_name + " metric");
  return {read_thresholds(c, "thresholds"), c.string("name", "")};
}

void ConfusionMatrixConditionCount::update_state(const Tensor& y_true, const Tensor& y_pred,
                                                 const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  ConfusionMatrixOptions o;
  o.thresholds = thresholds_;
  o.thresholds_distributed_evenly = evenly_;
  update_confusion_matrix_variables(variables_, y_true, y_pred, sample_weight, o, "Metric '" + name() + "'");
}

const std::vector<double>& ConfusionMatrixConditionCount::counts() const {
  switch (cell_) {
    case Cell::true_positives: return variables_.true_positives;
    case Cell::false_positives: return variables_.false_positives;
    case Cell::true_negatives: return variables_.true_negatives;
    case Cell::false_negatives: return variables_.false_negatives;
  }
  return variables_.true_positives;
}

Tensor ConfusionMatrixConditionCount::result_tensor() const {
  return counts().size() == 1 ? Tensor::scalar(static_cast<float>(counts()[0])) : vector_tensor(counts());
}

Json ConfusionMatrixConditionCount::get_config() const {
  Json c = Metric::get_config();
  c["thresholds"] = thresholds_json(init_thresholds_);
  return c;
}

std::shared_ptr<Metric> TruePositives::from_config(const Json& config) {
  return std::make_shared<TruePositives>(options_from_config(config, "TruePositives"));
}
std::shared_ptr<Metric> FalsePositives::from_config(const Json& config) {
  return std::make_shared<FalsePositives>(options_from_config(config, "FalsePositives"));
}
std::shared_ptr<Metric> TrueNegatives::from_config(const Json& config) {
  return std::make_shared<TrueNegatives>(options_from_config(config, "TrueNegatives"));
}
std::shared_ptr<Metric> FalseNegatives::from_config(const Json& config) {
  return std::make_shared<FalseNegatives>(options_from_config(config, "FalseNegatives"));
}

// ---- Precision, Recall ----

PrecisionRecallBase::PrecisionRecallBase(Options options, bool recall, const std::string& class_name)
    : Metric(auto_name(options.name, class_name)), recall_(recall), init_thresholds_(options.thresholds) {
  // With top_k and no thresholds, every prediction left in the top k counts as positive.
  options_.thresholds = parse_init_thresholds(options.thresholds, options.top_k ? kNegInf : 0.5);
  options_.thresholds_distributed_evenly = is_evenly_distributed_thresholds(options_.thresholds);
  options_.top_k = options.top_k;
  options_.class_id = options.class_id;
  if (options.top_k && *options.top_k < 1) {
    throw ValueError(class_name + ": top_k must be a positive integer, received top_k=" +
                     std::to_string(*options.top_k));
  }
  if (options.class_id && *options.class_id < 0) {
    throw ValueError(class_name + ": class_id must be >= 0, received class_id=" + std::to_string(*options.class_id));
  }
  variables_.reset(options_.thresholds.size());
}

PrecisionRecallOptions PrecisionRecallBase::options_from_config(const Json& config, const std::string& class_name) {
  ConfigReader c(config, class_name + " metric");
  return {read_thresholds(c, "thresholds"), read_optional_int(c, "top_k"), read_optional_int(c, "class_id"),
          c.string("name", "")};
}

void PrecisionRecallBase::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  update_confusion_matrix_variables(variables_, y_true, y_pred, sample_weight, options_, "Metric '" + name() + "'");
}

std::vector<double> PrecisionRecallBase::values() const {
  const auto& tp = variables_.true_positives;
  const auto& other = recall_ ? variables_.false_negatives : variables_.false_positives;
  std::vector<double> out(tp.size());
  for (std::size_t i = 0; i < tp.size(); ++i) out[i] = divide_no_nan(tp[i], tp[i] + other[i]);
  return out;
}

Tensor PrecisionRecallBase::result_tensor() const {
  std::vector<double> v = values();
  return v.size() == 1 ? Tensor::scalar(static_cast<float>(v[0])) : vector_tensor(v);
}

Json PrecisionRecallBase::get_config() const {
  Json c = Metric::get_config();
  c["thresholds"] = thresholds_json(init_thresholds_);
  c["top_k"] = optional_json(options_.top_k);
  c["class_id"] = optional_json(options_.class_id);
  return c;
}

std::shared_ptr<Metric> Precision::from_config(const Json& config) {
  return std::make_shared<Precision>(options_from_config(config, "Precision"));
}
std::shared_ptr<Metric> Recall::from_config(const Json& config) {
  return std::make_shared<Recall>(options_from_config(config, "Recall"));
}

// ---- SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision ----

SensitivitySpecificityBase::SensitivitySpecificityBase(double value, const char* value_key, Rate constrained,
                                                       Rate dependent, Options options,
                                                       const std::string& class_name)
    : Metric(auto_name(options.name, class_name)),
      value_(value),
      value_key_(value_key),
      constrained_(constrained),
      dependent_(dependent),
      num_thresholds_(options.num_thresholds) {
  if (!(value >= 0.0 && value <= 1.0)) {
    throw ValueError("Argument `" + std::string(value_key) + "` must be in the range [0, 1]. Received: " + value_key +
                     "=" + number_text(value));
  }
  if (options.num_thresholds <= 0) {
    throw ValueError("Argument `num_thresholds` must be an integer > 0. Received: num_thresholds=" +
                     std::to_string(options.num_thresholds));
  }
  if (options.num_thresholds == 1) {
    options_.thresholds = {0.5};
  } else {
    const int n = options.num_thresholds;
    options_.thresholds.push_back(0.0);
    for (int i = 0; i < n - 2; ++i) options_.thresholds.push_back((i + 1) * 1.0 / (n - 1));
    options_.thresholds.push_back(1.0);
    options_.thresholds_distributed_evenly = true;
  }
  options_.class_id = options.class_id;
  variables_.reset(options_.thresholds.size());
}

SensitivitySpecificityOptions SensitivitySpecificityBase::options_from_config(const ConfigReader& c) {
  return {static_cast<int>(c.integer("num_thresholds", 200)), read_optional_int(c, "class_id"), c.string("name", "")};
}

void SensitivitySpecificityBase::update_state(const Tensor& y_true, const Tensor& y_pred,
                                              const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  update_confusion_matrix_variables(variables_, y_true, y_pred, sample_weight, options_, "Metric '" + name() + "'");
}

double SensitivitySpecificityBase::rate(Rate rate, std::size_t t) const {
  const double tp = variables_.true_positives[t], fp = variables_.false_positives[t];
  const double tn = variables_.true_negatives[t], fn = variables_.false_negatives[t];
  switch (rate) {
    case Rate::sensitivity:
    case Rate::recall: return divide_no_nan(tp, tp + fn);
    case Rate::specificity: return divide_no_nan(tn, tn + fp);
    case Rate::precision: return divide_no_nan(tp, tp + fp);
  }
  return 0.0;
}

double SensitivitySpecificityBase::result() const {
  // Keras _find_max_under_constraint: max(where(constrained >= value, dependent, 0), initial=0).
  double best = 0.0;
  for (std::size_t t = 0; t < options_.thresholds.size(); ++t) {
    if (rate(constrained_, t) >= value_) best = std::max(best, rate(dependent_, t));
  }
  return best;
}

Json SensitivitySpecificityBase::get_config() const {
  Json c = Metric::get_config();
  c["class_id"] = optional_json(options_.class_id);
  c["num_thresholds"] = num_thresholds_;
  c[value_key_] = value_;
  return c;
}

SensitivityAtSpecificity::SensitivityAtSpecificity(double specificity, Options options)
    : SensitivitySpecificityBase(specificity, "specificity", Rate::specificity, Rate::sensitivity, std::move(options),
                                 "SensitivityAtSpecificity") {}

SpecificityAtSensitivity::SpecificityAtSensitivity(double sensitivity, Options options)
    : SensitivitySpecificityBase(sensitivity, "sensitivity", Rate::sensitivity, Rate::specificity, std::move(options),
                                 "SpecificityAtSensitivity") {}

PrecisionAtRecall::PrecisionAtRecall(double recall, Options options)
    : SensitivitySpecificityBase(recall, "recall", Rate::recall, Rate::precision, std::move(options),
                                 "PrecisionAtRecall") {}

RecallAtPrecision::RecallAtPrecision(double precision, Options options)
    : SensitivitySpecificityBase(precision, "precision", Rate::precision, Rate::recall, std::move(options),
                                 "RecallAtPrecision") {}

std::shared_ptr<Metric> SensitivityAtSpecificity::from_config(const Json& config) {
  ConfigReader c(config, "SensitivityAtSpecificity metric");
  return std::make_shared<SensitivityAtSpecificity>(required_number(c, "specificity"), options_from_config(c));
}
std::shared_ptr<Metric> SpecificityAtSensitivity::from_config(const Json& config) {
  ConfigReader c(config, "SpecificityAtSensitivity metric");
  return std::make_shared<SpecificityAtSensitivity>(required_number(c, "sensitivity"), options_from_config(c));
}
std::shared_ptr<Metric> PrecisionAtRecall::from_config(const Json& config) {
  ConfigReader c(config, "PrecisionAtRecall metric");
  return std::make_shared<PrecisionAtRecall>(required_number(c, "recall"), options_from_config(c));
}
std::shared_ptr<Metric> RecallAtPrecision::from_config(const Json& config) {
  ConfigReader c(config, "RecallAtPrecision metric");
  return std::make_shared<RecallAtPrecision>(required_number(c, "precision"), options_from_config(c));
}

}  // namespace keras::metrics
