#pragma once
// keras.metrics accuracy family and their function forms (per-sample 0/1 values).

#include "metrics/metric.h"

namespace keras::metrics {

Tensor accuracy(const Tensor& y_true, const Tensor& y_pred);
Tensor binary_accuracy(const Tensor& y_true, const Tensor& y_pred, double threshold = 0.5);
Tensor categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);
Tensor sparse_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);

class Accuracy final : public MeanMetricWrapper {
 public:
  explicit Accuracy(std::string name = "accuracy");
  std::string class_name() const override { return "Accuracy"; }
};

class BinaryAccuracy final : public MeanMetricWrapper {
 public:
  explicit BinaryAccuracy(std::string name = "binary_accuracy", double threshold = 0.5);
  std::string class_name() const override { return "BinaryAccuracy"; }
  Json get_config() const override;

 private:
  double threshold_;
};

class CategoricalAccuracy final : public MeanMetricWrapper {
 public:
  explicit CategoricalAccuracy(std::string name = "categorical_accuracy");
  std::string class_name() const override { return "CategoricalAccuracy"; }
};

class SparseCategoricalAccuracy final : public MeanMetricWrapper {
 public:
  explicit SparseCategoricalAccuracy(std::string name = "sparse_categorical_accuracy");
  std::string class_name() const override { return "SparseCategoricalAccuracy"; }
};

}  // namespace keras::metrics
