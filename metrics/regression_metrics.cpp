#include "metrics/regression_metrics.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"
#include "losses/regression.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

MeanSquaredError::MeanSquaredError(std::string name)
    : MeanMetricWrapper(losses::mean_squared_error, std::move(name)) {}

MeanAbsoluteError::MeanAbsoluteError(std::string name)
    : MeanMetricWrapper(losses::mean_absolute_error, std::move(name)) {}

MeanAbsolutePercentageError::MeanAbsolutePercentageError(std::string name)
    : MeanMetricWrapper(losses::mean_absolute_percentage_error, std::move(name)) {}

MeanSquaredLogarithmicError::MeanSquaredLogarithmicError(std::string name)
    : MeanMetricWrapper(losses::mean_squared_logarithmic_error, std::move(name)) {}

LogCoshError::LogCoshError(std::string name) : MeanMetricWrapper(losses::log_cosh, std::move(name)) {}

CosineSimilarity::CosineSimilarity(std::string name, int axis)
    : MeanMetricWrapper(
          [axis](const Tensor& t, const Tensor& p) { return ops::negative(losses::cosine_similarity(t, p, axis)); },
          std::move(name)),
      axis_(axis) {}

std::shared_ptr<Metric> CosineSimilarity::from_config(const Json& config) {
  ConfigReader c(config, "CosineSimilarity metric");
  return std::make_shared<CosineSimilarity>(c.string("name", "cosine_similarity"),
                                            static_cast<int>(c.integer("axis", -1)));
}

Json CosineSimilarity::get_config() const {
  // Keras leaves `axis` out of this config (so it is lost on reload); writing it keeps it.
  Json c = Metric::get_config();
  c["axis"] = axis_;
  return c;
}

void RootMeanSquaredError::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  auto [t, p] = losses::aligned_targets(y_true, y_pred, "root_mean_squared_error");
  add_values(ops::square(ops::subtract(p, t)), sample_weight);
}

double RootMeanSquaredError::result() const { return std::sqrt(Mean::result()); }

R2Score::R2Score(Options options) : Metric(options.name), options_(std::move(options)) {
  const auto& a = options_.class_aggregation;
  if (a && *a != "uniform_average" && *a != "variance_weighted_average") {
    throw ValueError("Invalid value for argument `class_aggregation`. Expected one of (None, 'uniform_average', "
                     "'variance_weighted_average'). Received: class_aggregation=" +
                     *a);
  }
  if (options_.num_regressors < 0) {
    throw ValueError("Invalid value for argument `num_regressors`. Expected a value >= 0. Received: num_regressors=" +
                     std::to_string(options_.num_regressors));
  }
}

std::shared_ptr<Metric> R2Score::from_config(const Json& config) {
  ConfigReader c(config, "R2Score metric");
  Options o;
  // An explicit null means per-output scores; an absent field means the default.
  if (c.has("class_aggregation")) {
    o.class_aggregation = c.is_null("class_aggregation")
                              ? std::nullopt
                              : std::optional<std::string>(c.string("class_aggregation", ""));
  }
  o.num_regressors = static_cast<int>(c.integer("num_regressors", 0));
  o.name = c.string("name", "r2_score");
  return std::make_shared<R2Score>(std::move(o));
}

void R2Score::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  auto [t, p] = losses::squeeze_or_expand_to_same_rank(ops::cast(y_true, float32), ops::cast(y_pred, float32));
  if (t.rank() != 2 || p.rank() != 2) {
    throw ShapeError("R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                     "y_pred.shape=" + y_pred.shape().to_string() + " and y_true.shape=" +
                     y_true.shape().to_string() + ".");
  }
  if (t.shape() != p.shape() || (num_outputs_ >= 0 && p.dim(1) != num_outputs_)) {
    throw ShapeError("Metric '" + name() + "': y_true of shape " + y_true.shape().to_string() +
                     " does not match y_pred of shape " + y_pred.shape().to_string());
  }
  if (num_outputs_ < 0) {
    num_outputs_ = p.dim(1);
    reset_state();
  }
  const std::size_t rows = static_cast<std::size_t>(p.dim(0)), cols = static_cast<std::size_t>(num_outputs_);
  const std::vector<double> tv = t.to_vector<double>(), pv = p.to_vector<double>();
  std::vector<double> w(tv.size(), 1.0);
  if (sample_weight.defined()) {
    // Keras: (batch,) weights become (batch, 1), then broadcast over the outputs.
    std::vector<std::int64_t> dims = sample_weight.shape().dims();
    if (dims.size() == 1) dims.push_back(1);
    w = broadcast_weights(sample_weight, Shape(dims), t.shape(), "Metric '" + name() + "'");
  }
  for (std::size_t r = 0; r < rows; ++r) {
    bool counted = false;
    for (std::size_t k = 0; k < cols; ++k) {
      const std::size_t i = r * cols + k;
      sum_[k] += tv[i] * w[i];
      squared_sum_[k] += tv[i] * tv[i] * w[i];
      total_mse_[k] += (tv[i] - pv[i]) * (tv[i] - pv[i]) * w[i];
      count_[k] += w[i];
      counted = counted || w[i] != 0.0;
    }
    if (counted) num_samples_ += 1.0;
  }
}

std::vector<double> R2Score::scores() const {
  const std::size_t n = sum_.size();
  std::vector<double> raw(n), total(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double mean = sum_[k] / count_[k];
    total[k] = squared_sum_[k] - sum_[k] * mean;
    raw[k] = 1.0 - total_mse_[k] / total[k];
    if (std::isinf(raw[k])) raw[k] = 0.0;  // a constant target; 0/0 stays NaN, as in Keras
  }
  std::vector<double> r2 = raw;
  if (options_.class_aggregation && *options_.class_aggregation == "uniform_average") {
    r2 = {mean_of(raw)};
  } else if (options_.class_aggregation) {
    double weighted = 0.0, weights = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      weighted += total[k] * raw[k];
      weights += total[k];
    }
    r2 = {weighted / weights};
  }
  const double p = options_.num_regressors;
  if (p != 0) {
    if (p > num_samples_ - 1) {
      utils::warn("More independent predictors than datapoints in adjusted R2 score. Falling back to standard R2 "
                  "score.");
    } else if (p == num_samples_ - 1) {
      utils::warn("Division by zero in Adjusted R2 score. Falling back to standard R2 score.");
    } else {
      for (double& s : r2) s = 1.0 - (1.0 - s) * (num_samples_ - 1.0) / (num_samples_ - p - 1.0);
    }
  }
  return r2;
}

Tensor R2Score::result_tensor() const {
  std::vector<double> s = scores();
  if (options_.class_aggregation) return Tensor::scalar(static_cast<float>(s.empty() ? 0.0 : s[0]));
  return vector_tensor(s);
}

void R2Score::reset_state() {
  const std::size_t n = num_outputs_ < 0 ? 0 : static_cast<std::size_t>(num_outputs_);
  for (auto* v : {&squared_sum_, &sum_, &total_mse_, &count_}) v->assign(n, 0.0);
  num_samples_ = 0.0;
}

Json R2Score::get_config() const {
  Json c = Metric::get_config();
  c["class_aggregation"] = options_.class_aggregation ? Json(*options_.class_aggregation) : Json(nullptr);
  c["num_regressors"] = options_.num_regressors;
  return c;
}

}  // namespace keras::metrics
