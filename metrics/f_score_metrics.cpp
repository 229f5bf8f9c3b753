#include "metrics/f_score_metrics.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "libkeras/autograd/tape.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

namespace {

constexpr double kEpsilon = 1e-7;  // keras.config.epsilon()

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::optional<std::string> read_average(const ConfigReader& c) {
  if (c.is_null("average")) return std::nullopt;
  return c.string("average", "");
}

std::optional<double> read_threshold(const ConfigReader& c) {
  if (c.is_null("threshold")) return std::nullopt;
  return c.number("threshold", 0.0);
}

}  // namespace

FBetaScore::FBetaScore(Options options) : Metric(options.name), options_(std::move(options)) {
  if (options_.average && *options_.average != "micro" && *options_.average != "macro" &&
      *options_.average != "weighted") {
    throw ValueError(
        "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. Received: "
        "average=" +
        *options_.average);
  }
  if (!(options_.beta > 0.0)) {
    throw ValueError("Invalid `beta` argument value. It should be > 0. Received: beta=" + number_text(options_.beta));
  }
  if (options_.threshold && !(*options_.threshold > 0.0 && *options_.threshold <= 1.0)) {
    throw ValueError("Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold=" +
                     number_text(*options_.threshold));
  }
}

std::shared_ptr<Metric> FBetaScore::from_config(const Json& config) {
  ConfigReader c(config, "FBetaScore metric");
  return std::make_shared<FBetaScore>(
      Options{read_average(c), c.number("beta", 1.0), read_threshold(c), c.string("name", "fbeta_score")});
}

void FBetaScore::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  if (y_pred.rank() != 2 || y_true.rank() != 2) {
    throw ShapeError(class_name() + " expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                     "y_pred.shape=" + y_pred.shape().to_string() + " and y_true.shape=" +
                     y_true.shape().to_string() + ".");
  }
  if (y_true.shape() != y_pred.shape() || (num_classes_ >= 0 && y_pred.dim(1) != num_classes_)) {
    throw ShapeError("Metric '" + name() + "': y_true of shape " + y_true.shape().to_string() +
                     " does not match y_pred of shape " + y_pred.shape().to_string() +
                     (num_classes_ >= 0 ? " with " + std::to_string(num_classes_) + " classes" : std::string()));
  }
  if (num_classes_ < 0) {
    num_classes_ = y_pred.dim(1);
    reset_state();
  }
  const std::size_t rows = static_cast<std::size_t>(y_pred.dim(0)), cols = static_cast<std::size_t>(num_classes_);
  std::vector<float> pred = y_pred.to_vector<float>(), truth = y_true.to_vector<float>();
  std::vector<double> weight(pred.size(), 1.0);
  if (sample_weight.defined()) {
    // Keras expands lower-rank weights with trailing axes: (batch,) weighs whole rows.
    std::vector<std::int64_t> dims = sample_weight.shape().dims();
    while (dims.size() < 2) dims.push_back(1);
    weight = broadcast_weights(sample_weight, Shape(dims), y_pred.shape(), "Metric '" + name() + "'");
  }
  const bool micro = options_.average && *options_.average == "micro";
  for (std::size_t r = 0; r < rows; ++r) {
    const float* p = pred.data() + r * cols;
    const float row_max = *std::max_element(p, p + cols);
    for (std::size_t k = 0; k < cols; ++k) {
      const std::size_t i = r * cols + k, at = micro ? 0 : k;
      const double predicted = options_.threshold ? (p[k] > static_cast<float>(*options_.threshold) ? 1.0 : 0.0)
                                                  : (p[k] >= row_max && std::fabs(p[k]) > 1e-9f ? 1.0 : 0.0);
      const double actual = truth[i];
      true_positives_[at] += predicted * actual * weight[i];
      false_positives_[at] += predicted * (1.0 - actual) * weight[i];
      false_negatives_[at] += (1.0 - predicted) * actual * weight[i];
      intermediate_weights_[at] += actual * weight[i];
    }
  }
}

std::vector<double> FBetaScore::scores() const {
  const double beta2 = options_.beta * options_.beta;
  std::vector<double> f(true_positives_.size());
  for (std::size_t k = 0; k < f.size(); ++k) {
    const double precision = true_positives_[k] / (true_positives_[k] + false_positives_[k] + kEpsilon);
    const double recall = true_positives_[k] / (true_positives_[k] + false_negatives_[k] + kEpsilon);
    f[k] = precision * recall / (beta2 * precision + recall + kEpsilon) * (1.0 + beta2);
  }
  if (!options_.average || f.empty()) return f;
  if (*options_.average == "weighted") {
    double total = kEpsilon, weighted = 0.0;
    for (double w : intermediate_weights_) total += w;
    for (std::size_t k = 0; k < f.size(); ++k) weighted += f[k] * intermediate_weights_[k] / total;
    return {weighted};
  }
  return {mean_of(f)};
}

Tensor FBetaScore::result_tensor() const {
  std::vector<double> f = scores();
  if (options_.average) return Tensor::scalar(static_cast<float>(f.empty() ? 0.0 : f[0]));
  return vector_tensor(f);
}

void FBetaScore::reset_state() {
  const bool micro = options_.average && *options_.average == "micro";
  const std::size_t n = num_classes_ < 0 ? 0 : micro ? 1 : static_cast<std::size_t>(num_classes_);
  for (auto* v : {&true_positives_, &false_positives_, &false_negatives_, &intermediate_weights_}) v->assign(n, 0.0);
}

Json FBetaScore::get_config() const {
  Json c = Metric::get_config();
  c["average"] = options_.average ? Json(*options_.average) : Json(nullptr);
  c["beta"] = options_.beta;
  c["threshold"] = options_.threshold ? Json(*options_.threshold) : Json(nullptr);
  return c;
}

F1Score::F1Score(Options options)
    : FBetaScore({std::move(options.average), 1.0, options.threshold, std::move(options.name)}) {}

std::shared_ptr<Metric> F1Score::from_config(const Json& config) {
  ConfigReader c(config, "F1Score metric");
  return std::make_shared<F1Score>(Options{read_average(c), read_threshold(c), c.string("name", "f1_score")});
}

Json F1Score::get_config() const {
  Json c = FBetaScore::get_config();
  c.erase("beta");
  return c;
}

}  // namespace keras::metrics
