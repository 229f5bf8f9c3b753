#include "metrics/accuracy_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "losses/loss.h"

namespace keras::metrics {

namespace {

Tensor drop_trailing_one(const Tensor& t) {
  std::vector<std::int64_t> d = t.shape().dims();
  d.pop_back();
  return t.reshape(Shape(d));
}

void check_same_shape(const Tensor& a, const Tensor& b, const char* metric, const Tensor& y_true, const Tensor& y_pred) {
  if (a.shape() != b.shape()) {
    throw ShapeError(std::string(metric) + ": y_true of shape " + y_true.shape().to_string() +
                     " does not match y_pred of shape " + y_pred.shape().to_string());
  }
}

void check_k(int k, const char* metric) {
  if (k < 1) throw ValueError(std::string(metric) + ": k must be a positive integer, received k=" + std::to_string(k));
}

// Keras ops.in_top_k (JAX rule): the target's rank is 1 + the number of strictly larger
// predictions; a NaN prediction at the target ranks last. One 0/1 value per row of y_pred,
// shaped like `out_shape`.
Tensor in_top_k(const std::vector<std::int64_t>& targets, const Tensor& y_pred, int k, const Shape& out_shape,
                const char* metric) {
  const std::int64_t classes = y_pred.rank() == 0 ? 1 : y_pred.dim(-1);
  const std::vector<float> p = y_pred.to_vector<float>();
  if (static_cast<std::int64_t>(targets.size()) * classes != static_cast<std::int64_t>(p.size())) {
    throw ShapeError(std::string(metric) + ": " + std::to_string(targets.size()) + " labels do not match y_pred of shape " +
                     y_pred.shape().to_string());
  }
  std::vector<float> out(targets.size());
  for (std::size_t r = 0; r < targets.size(); ++r) {
    if (targets[r] < 0 || targets[r] >= classes) {
      throw ValueError(std::string(metric) + ": label " + std::to_string(targets[r]) + " is out of range for " +
                       std::to_string(classes) + " classes");
    }
    const float* row = p.data() + r * static_cast<std::size_t>(classes);
    float target = row[targets[r]];
    if (std::isnan(target)) target = -std::numeric_limits<float>::infinity();
    std::int64_t larger = 0;
    for (std::int64_t c = 0; c < classes; ++c) larger += row[c] > target ? 1 : 0;
    out[r] = 1 + larger <= k ? 1.0f : 0.0f;
  }
  return Tensor::from_vector(out, out_shape);
}

std::vector<std::int64_t> as_labels(const Tensor& t) {
  const std::vector<double> v = t.to_vector<double>();
  std::vector<std::int64_t> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<std::int64_t>(v[i]);
  return out;
}

}  // namespace

Tensor accuracy(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = losses::squeeze_or_expand_to_same_rank(ops::cast(y_true, float32), y_pred);
  check_same_shape(t, p, "accuracy", y_true, y_pred);
  return ops::equal(t, p);
}

Tensor binary_accuracy(const Tensor& y_true, const Tensor& y_pred, double threshold) {
  auto [t, p] = losses::squeeze_or_expand_to_same_rank(ops::cast(y_true, float32), y_pred);
  check_same_shape(t, p, "binary_accuracy", y_true, y_pred);
  Tensor predicted = ops::greater(p, Tensor::scalar(static_cast<float>(threshold), p.device()));
  return ops::mean(ops::equal(t, predicted), {-1});
}

Tensor categorical_accuracy(const Tensor& y_true, const Tensor& y_pred) {
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError("categorical_accuracy: one-hot y_true of shape " + y_true.shape().to_string() +
                     " does not match y_pred of shape " + y_pred.shape().to_string());
  }
  return ops::equal(ops::cast(ops::argmax(y_true, -1), float32), ops::cast(ops::argmax(y_pred, -1), float32));
}

Tensor sparse_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred) {
  Tensor labels = y_true;
  if (labels.rank() == y_pred.rank() && labels.dim(-1) == 1) labels = drop_trailing_one(labels);
  if (labels.rank() != y_pred.rank() - 1) {
    throw ShapeError("sparse_categorical_accuracy: labels of shape " + y_true.shape().to_string() +
                     " do not match predictions of shape " + y_pred.shape().to_string());
  }
  return ops::equal(ops::cast(labels, float32), ops::cast(ops::argmax(y_pred, -1), float32));
}

Tensor top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int k) {
  check_k(k, "top_k_categorical_accuracy");
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError("top_k_categorical_accuracy: one-hot y_true of shape " + y_true.shape().to_string() +
                     " does not match y_pred of shape " + y_pred.shape().to_string());
  }
  Tensor labels = ops::argmax(y_true, -1);
  return in_top_k(as_labels(labels), y_pred, k, labels.shape(), "top_k_categorical_accuracy");
}

Tensor sparse_top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int k, bool from_sorted_ids) {
  const char* metric = "sparse_top_k_categorical_accuracy";
  check_k(k, metric);
  const std::vector<std::int64_t> labels = as_labels(y_true);
  if (!from_sorted_ids) return in_top_k(labels, y_pred, k, y_true.shape(), metric);
  const std::int64_t ids = y_pred.rank() == 0 ? 1 : y_pred.dim(-1);
  const std::vector<double> p = y_pred.to_vector<double>();
  if (static_cast<std::int64_t>(labels.size()) * ids != static_cast<std::int64_t>(p.size())) {
    throw ShapeError(std::string(metric) + ": labels of shape " + y_true.shape().to_string() +
                     " do not match sorted ids of shape " + y_pred.shape().to_string());
  }
  std::vector<float> out(labels.size(), 0.0f);
  for (std::size_t r = 0; r < labels.size(); ++r) {
    for (std::int64_t j = 0; j < std::min<std::int64_t>(k, ids); ++j) {
      if (p[r * static_cast<std::size_t>(ids) + static_cast<std::size_t>(j)] == static_cast<double>(labels[r])) {
        out[r] = 1.0f;
      }
    }
  }
  return Tensor::from_vector(out, y_true.shape());
}

Accuracy::Accuracy(std::string name) : MeanMetricWrapper(accuracy, std::move(name)) {}

BinaryAccuracy::BinaryAccuracy(std::string name, double threshold)
    : MeanMetricWrapper([threshold](const Tensor& t, const Tensor& p) { return binary_accuracy(t, p, threshold); },
                        std::move(name)),
      threshold_(threshold) {}

std::shared_ptr<Metric> BinaryAccuracy::from_config(const Json& config) {
  ConfigReader c(config, "BinaryAccuracy metric");
  return std::make_shared<BinaryAccuracy>(c.string("name", "binary_accuracy"), c.number("threshold", 0.5));
}

Json BinaryAccuracy::get_config() const {
  Json c = Metric::get_config();
  c["threshold"] = threshold_;
  return c;
}

CategoricalAccuracy::CategoricalAccuracy(std::string name) : MeanMetricWrapper(categorical_accuracy, std::move(name)) {}

SparseCategoricalAccuracy::SparseCategoricalAccuracy(std::string name)
    : MeanMetricWrapper(sparse_categorical_accuracy, std::move(name)) {}

TopKCategoricalAccuracy::TopKCategoricalAccuracy(int k, std::string name)
    : MeanMetricWrapper([k](const Tensor& t, const Tensor& p) { return top_k_categorical_accuracy(t, p, k); },
                        std::move(name)),
      k_(k) {
  check_k(k, "TopKCategoricalAccuracy");
}

std::shared_ptr<Metric> TopKCategoricalAccuracy::from_config(const Json& config) {
  ConfigReader c(config, "TopKCategoricalAccuracy metric");
  return std::make_shared<TopKCategoricalAccuracy>(static_cast<int>(c.integer("k", 5)),
                                                   c.string("name", "top_k_categorical_accuracy"));
}

Json TopKCategoricalAccuracy::get_config() const {
  Json c = Metric::get_config();
  c["k"] = k_;
  return c;
}

SparseTopKCategoricalAccuracy::SparseTopKCategoricalAccuracy(int k, std::string name, bool from_sorted_ids)
    : MeanMetricWrapper(
          [k, from_sorted_ids](const Tensor& t, const Tensor& p) {
            return sparse_top_k_categorical_accuracy(t, p, k, from_sorted_ids);
          },
          std::move(name)),
      k_(k),
      from_sorted_ids_(from_sorted_ids) {
  check_k(k, "SparseTopKCategoricalAccuracy");
}

std::shared_ptr<Metric> SparseTopKCategoricalAccuracy::from_config(const Json& config) {
  ConfigReader c(config, "SparseTopKCategoricalAccuracy metric");
  return std::make_shared<SparseTopKCategoricalAccuracy>(static_cast<int>(c.integer("k", 5)),
                                                         c.string("name", "sparse_top_k_categorical_accuracy"),
                                                         c.boolean("from_sorted_ids", false));
}

Json SparseTopKCategoricalAccuracy::get_config() const {
  Json c = Metric::get_config();
  c["k"] = k_;
  // Keras writes the flag only when it is set.
  if (from_sorted_ids_) c["from_sorted_ids"] = true;
  return c;
}

}  // namespace keras::metrics
