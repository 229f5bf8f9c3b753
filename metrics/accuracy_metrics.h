#pragma once
// keras.metrics accuracy family and their function forms (per-sample 0/1 values).

#include "metrics/metric.h"

namespace keras::metrics {

Tensor accuracy(const Tensor& y_true, const Tensor& y_pred);
Tensor binary_accuracy(const Tensor& y_true, const Tensor& y_pred, double threshold = 0.5);
Tensor categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);
Tensor sparse_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred);
/// 1 where the argmax of one-hot y_true is among the k largest predictions. Ties count as in
/// Keras' in_top_k: a class is in the top k when fewer than k predictions are strictly larger.
Tensor top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int k = 5);
/// As top_k_categorical_accuracy for integer labels; with `from_sorted_ids`, y_pred holds class
/// ids sorted by score and a label must be among the first k of them.
Tensor sparse_top_k_categorical_accuracy(const Tensor& y_true, const Tensor& y_pred, int k = 5,
                                         bool from_sorted_ids = false);

class Accuracy final : public MeanMetricWrapper {
 public:
  explicit Accuracy(std::string name = "accuracy");
  std::string class_name() const override { return "Accuracy"; }
};

class BinaryAccuracy final : public MeanMetricWrapper {
 public:
  explicit BinaryAccuracy(std::string name = "binary_accuracy", double threshold = 0.5);
  static std::shared_ptr<Metric> from_config(const Json& config);
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

class TopKCategoricalAccuracy final : public MeanMetricWrapper {
 public:
  explicit TopKCategoricalAccuracy(int k = 5, std::string name = "top_k_categorical_accuracy");
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "TopKCategoricalAccuracy"; }
  Json get_config() const override;

 private:
  int k_;
};

class SparseTopKCategoricalAccuracy final : public MeanMetricWrapper {
 public:
  explicit SparseTopKCategoricalAccuracy(int k = 5, std::string name = "sparse_top_k_categorical_accuracy",
                                         bool from_sorted_ids = false);
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "SparseTopKCategoricalAccuracy"; }
  Json get_config() const override;

 private:
  int k_;
  bool from_sorted_ids_;
};

}  // namespace keras::metrics
