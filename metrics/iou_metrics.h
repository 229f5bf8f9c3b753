#pragma once
// keras.metrics IoU family: intersection-over-union per class, from a confusion matrix of
// class ids accumulated over batches (IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU).
// IoU = tp / (tp + fp + fn), averaged over the target classes that occurred.

#include <optional>

#include "metrics/metric.h"

namespace keras::metrics {

struct IoUOptions {
  /// Empty: the snake-cased class name made unique ("io_u", "mean_io_u", ...), as Keras.
  std::string name = "";
  /// Keras' default "int" (int32): class ids and sample weights are truncated to integers;
  /// "float32" keeps fractional sample weights.
  std::string dtype = "int32";
  /// Pixels whose true class is this id are not counted.
  std::optional<int> ignore_class = {};
  /// False: y_true holds per-class scores, reduced with argmax over `axis`.
  bool sparse_y_true = true;
  /// False: y_pred holds per-class scores, reduced with argmax over `axis`.
  bool sparse_y_pred = true;
  int axis = -1;
};

/// Keras IoU: the mean IoU over `target_class_ids`.
class IoU : public Metric {
 public:
  using Options = IoUOptions;
  IoU(int num_classes, std::vector<int> target_class_ids, Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "IoU"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  double result() const override;
  void reset_state() override;
  Json get_config() const override;

  /// The accumulated (num_classes, num_classes) confusion matrix: rows true, columns predicted.
  const std::vector<double>& total_confusion_matrix() const { return total_cm_; }

 protected:
  IoU(int num_classes, std::vector<int> target_class_ids, Options options, const std::string& class_name);
  void accumulate(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight);

  int num_classes_;
  std::vector<int> target_class_ids_;
  Options options_;

 private:
  bool integer_dtype_;
  std::vector<double> total_cm_;
};

/// IoU averaged over every class.
class MeanIoU : public IoU {
 public:
  explicit MeanIoU(int num_classes, Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "MeanIoU"; }
  Json get_config() const override;

 protected:
  MeanIoU(int num_classes, Options options, const std::string& class_name);
};

struct BinaryIoUOptions {
  std::vector<int> target_class_ids = {0, 1};
  /// Predictions >= threshold are class 1.
  double threshold = 0.5;
  std::string name = "";
  std::string dtype = "int32";
};

/// IoU of 0/1 targets against thresholded predictions.
class BinaryIoU final : public IoU {
 public:
  using Options = BinaryIoUOptions;
  explicit BinaryIoU(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "BinaryIoU"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  Json get_config() const override;

 private:
  double threshold_;
};

struct OneHotIoUOptions {
  std::string name = "";
  std::string dtype = "int32";
  std::optional<int> ignore_class = {};
  bool sparse_y_pred = false;
  int axis = -1;
};

/// IoU with one-hot y_true (and by default per-class scores in y_pred).
class OneHotIoU final : public IoU {
 public:
  using Options = OneHotIoUOptions;
  OneHotIoU(int num_classes, std::vector<int> target_class_ids, Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "OneHotIoU"; }
  Json get_config() const override;
};

/// MeanIoU with one-hot y_true (and by default per-class scores in y_pred).
class OneHotMeanIoU final : public MeanIoU {
 public:
  using Options = OneHotIoUOptions;
  explicit OneHotMeanIoU(int num_classes, Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "OneHotMeanIoU"; }
  Json get_config() const override;
};

}  // namespace keras::metrics
