#include "metrics/accuracy_metrics.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
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

Accuracy::Accuracy(std::string name) : MeanMetricWrapper(accuracy, std::move(name)) {}

BinaryAccuracy::BinaryAccuracy(std::string name, double threshold)
    : MeanMetricWrapper([threshold](const Tensor& t, const Tensor& p) { return binary_accuracy(t, p, threshold); },
                        std::move(name)),
      threshold_(threshold) {}

Json BinaryAccuracy::get_config() const {
  Json c = Metric::get_config();
  c["threshold"] = threshold_;
  return c;
}

CategoricalAccuracy::CategoricalAccuracy(std::string name) : MeanMetricWrapper(categorical_accuracy, std::move(name)) {}

SparseCategoricalAccuracy::SparseCategoricalAccuracy(std::string name)
    : MeanMetricWrapper(sparse_categorical_accuracy, std::move(name)) {}

}  // namespace keras::metrics
