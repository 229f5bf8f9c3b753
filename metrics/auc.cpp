#include "metrics/auc.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::metrics {

namespace {

constexpr double kEpsilon = 1e-7;  // keras.config.epsilon()

std::optional<std::vector<double>> read_numbers(const ConfigReader& c, const std::string& key) {
  if (c.is_null(key)) return std::nullopt;
  const Json& v = c.raw(key);
  if (!v.is_array()) c.fail(key, "must be a list of numbers");
  std::vector<double> out;
  for (const Json& x : v) {
    if (!x.is_number()) c.fail(key, "must be a list of numbers");
    out.push_back(x.get<double>());
  }
  return out;
}

}  // namespace

AUC::AUC(Options options) : Metric(auto_name(options.name, "AUC")), options_(std::move(options)) {
  const std::string& c = options_.curve;
  if (c == "ROC" || c == "roc") {
    curve_ = Curve::roc;
  } else if (c == "PR" || c == "pr") {
    curve_ = Curve::pr;
  } else if (c == "PRGAIN" || c == "prgain") {
    curve_ = Curve::prgain;
  } else {
    throw ValueError("Invalid AUC curve value: \"" + c + "\". Expected values are [\"PR\", \"ROC\", \"PRGAIN\"]");
  }
  const std::string& s = options_.summation_method;
  if (s == "interpolation" || s == "Interpolation") {
    summation_ = Summation::interpolation;
  } else if (s == "minoring" || s == "Minoring") {
    summation_ = Summation::minoring;
  } else if (s == "majoring" || s == "Majoring") {
    summation_ = Summation::majoring;
  } else {
    throw ValueError("Invalid AUC summation method value: \"" + s +
                     "\". Expected values are [\"interpolation\", \"majoring\", \"minoring\"]");
  }
  std::vector<double> inner;
  if (options_.thresholds) {
    inner = *options_.thresholds;
    std::sort(inner.begin(), inner.end());
    options_.thresholds = inner;
    std::vector<double> with_ends{0.0};
    with_ends.insert(with_ends.end(), inner.begin(), inner.end());
    with_ends.push_back(1.0);
    matrix_.thresholds_distributed_evenly = is_evenly_distributed_thresholds(with_ends);
  } else {
    if (options_.num_thresholds <= 1) {
      throw ValueError("Argument `num_thresholds` must be an integer > 1. Received: num_thresholds=" +
                       std::to_string(options_.num_thresholds));
    }
    const int n = options_.num_thresholds;
    for (int i = 0; i < n - 2; ++i) inner.push_back((i + 1) * 1.0 / (n - 1));
    matrix_.thresholds_distributed_evenly = true;
  }
  // The end thresholds sit just outside [0, 1] so that predictions of exactly 0 and 1 are
  // counted on both ends of the curve.
  matrix_.thresholds.push_back(0.0 - kEpsilon);
  matrix_.thresholds.insert(matrix_.thresholds.end(), inner.begin(), inner.end());
  matrix_.thresholds.push_back(1.0 + kEpsilon);
  num_thresholds_ = matrix_.thresholds.size();
  if (options_.thresholds) options_.num_thresholds = static_cast<int>(num_thresholds_);
  if (options_.multi_label) {
    if (options_.num_labels) build(Shape{-1, *options_.num_labels});
  } else {
    if (options_.num_labels) throw ValueError("`num_labels` is needed only when `multi_label` is True.");
    if (options_.label_weights) matrix_.label_weights = *options_.label_weights;
    build(Shape{});
  }
}

std::shared_ptr<Metric> AUC::from_config(const Json& config) {
  ConfigReader c(config, "AUC metric");
  Options o;
  o.num_thresholds = static_cast<int>(c.integer("num_thresholds", 200));
  o.curve = c.string("curve", "ROC");
  o.summation_method = c.string("summation_method", "interpolation");
  o.name = c.string("name", "");
  o.thresholds = read_numbers(c, "thresholds");
  o.multi_label = c.boolean("multi_label", false);
  o.num_labels = read_optional_int(c, "num_labels");
  o.label_weights = read_numbers(c, "label_weights");
  o.from_logits = c.boolean("from_logits", false);
  return std::make_shared<AUC>(std::move(o));
}

void AUC::build(const Shape& y_pred_shape) {
  std::int64_t labels = 1;
  if (options_.multi_label) {
    if (y_pred_shape.rank() != 2) {
      throw ValueError("`y_pred` must have rank 2 when `multi_label=True`. Found rank " +
                       std::to_string(y_pred_shape.rank()) + ". Full shape received for `y_pred`: " +
                       y_pred_shape.to_string());
    }
    labels = y_pred_shape[1];
    if (options_.label_weights && static_cast<std::int64_t>(options_.label_weights->size()) != labels) {
      throw ShapeError("AUC '" + name() + "': label_weights has " + std::to_string(options_.label_weights->size()) +
                       " entries but there are " + std::to_string(labels) + " labels");
    }
  }
  matrix_.multi_label = options_.multi_label;
  variables_.reset(num_thresholds_, labels);
  built_ = true;
}

void AUC::update_state(const Tensor& y_true, const Tensor& y_pred_in, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  if (!built_) build(y_pred_in.shape());
  if (options_.multi_label && y_pred_in.rank() != 2) build(y_pred_in.shape());  // throws the Keras message
  Tensor y_pred = options_.from_logits ? ops::sigmoid(ops::cast(y_pred_in, float32)) : y_pred_in;
  update_confusion_matrix_variables(variables_, y_true, y_pred, sample_weight, matrix_, "Metric '" + name() + "'");
}

void AUC::reset_state() {
  if (built_) variables_.reset(num_thresholds_, variables_.num_labels);
}

double AUC::average_over_labels(const std::vector<double>& by_label) const {
  if (!options_.multi_label) return by_label[0];
  if (!options_.label_weights) return mean_of(by_label);
  double weighted = 0.0, total = 0.0;
  for (std::size_t l = 0; l < by_label.size(); ++l) {
    weighted += by_label[l] * (*options_.label_weights)[l];
    total += (*options_.label_weights)[l];
  }
  return divide_no_nan(weighted, total);
}

double AUC::interpolate_pr_auc() const {
  const std::size_t L = static_cast<std::size_t>(variables_.num_labels);
  const auto& tp = variables_.true_positives;
  const auto& fp = variables_.false_positives;
  const auto& fn = variables_.false_negatives;
  std::vector<double> by_label(L, 0.0);
  for (std::size_t l = 0; l < L; ++l) {
    for (std::size_t t = 0; t + 1 < num_thresholds_; ++t) {
      const std::size_t i = t * L + l, next = (t + 1) * L + l;
      const double dtp = tp[i] - tp[next];
      const double p = tp[i] + fp[i], p_next = tp[next] + fp[next];
      const double prec_slope = divide_no_nan(dtp, std::max(p - p_next, 0.0));
      const double intercept = tp[next] - prec_slope * p_next;
      const double safe_p_ratio = p > 0 && p_next > 0 ? divide_no_nan(p, std::max(p_next, 0.0)) : 1.0;
      by_label[l] += divide_no_nan(prec_slope * (dtp + intercept * std::log(safe_p_ratio)),
                                   std::max(tp[next] + fn[next], 0.0));
    }
  }
  return average_over_labels(by_label);
}

double AUC::result() const {
  if (!built_) return 0.0;
  if (curve_ == Curve::pr && summation_ == Summation::interpolation) return interpolate_pr_auc();
  const std::size_t L = static_cast<std::size_t>(variables_.num_labels), n = variables_.true_positives.size();
  const auto& tp = variables_.true_positives;
  const auto& fp = variables_.false_positives;
  const auto& tn = variables_.true_negatives;
  const auto& fn = variables_.false_negatives;
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double recall = divide_no_nan(tp[i], tp[i] + fn[i]);
    if (curve_ == Curve::roc) {
      x[i] = divide_no_nan(fp[i], fp[i] + tn[i]);
      y[i] = recall;
    } else if (curve_ == Curve::pr) {
      x[i] = recall;
      y[i] = divide_no_nan(tp[i], tp[i] + fp[i]);
    } else {
      // Flach & Kull's precision-recall-gain coordinates, as Keras computes them.
      const double scaling = divide_no_nan(tp[i] + fn[i], tn[i] + fp[i]);
      const double recall_gain = tp[i] == 0.0 ? 0.0 : 1.0 - scaling * divide_no_nan(fn[i], tp[i]);
      const double precision_gain = tp[i] == 0.0 ? 1.0 : 1.0 - scaling * divide_no_nan(fp[i], tp[i]);
      x[i] = std::max(recall_gain, 0.0);
      y[i] = precision_gain;
    }
  }
  std::vector<double> by_label(L, 0.0);
  for (std::size_t l = 0; l < L; ++l) {
    for (std::size_t t = 0; t + 1 < num_thresholds_; ++t) {
      const double a = y[t * L + l], b = y[(t + 1) * L + l];
      const double height = summation_ == Summation::interpolation ? (a + b) / 2.0
                            : summation_ == Summation::minoring    ? std::min(a, b)
                                                                   : std::max(a, b);
      by_label[l] += (x[t * L + l] - x[(t + 1) * L + l]) * height;
    }
  }
  return average_over_labels(by_label);
}

Json AUC::get_config() const {
  static const char* curves[] = {"ROC", "PR", "PRGAIN"};
  static const char* summations[] = {"interpolation", "minoring", "majoring"};
  Json c = Metric::get_config();
  c["num_thresholds"] = num_thresholds_;
  c["curve"] = curves[static_cast<int>(curve_)];
  c["summation_method"] = summations[static_cast<int>(summation_)];
  c["multi_label"] = options_.multi_label;
  c["num_labels"] = optional_json(options_.num_labels);
  c["label_weights"] = options_.label_weights ? Json(*options_.label_weights) : Json(nullptr);
  c["from_logits"] = options_.from_logits;
  if (options_.thresholds) c["thresholds"] = *options_.thresholds;
  return c;
}

}  // namespace keras::metrics
