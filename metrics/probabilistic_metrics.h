#pragma once
// keras.metrics probabilistic metrics: running means of the cross-entropies, KL divergence and
// Poisson loss, computed by the loss functions in losses/.

#include <optional>

#include "metrics/metric.h"

namespace keras::metrics {

class KLDivergence final : public MeanMetricWrapper {
 public:
  explicit KLDivergence(std::string name = "kl_divergence");
  std::string class_name() const override { return "KLDivergence"; }
};

class Poisson final : public MeanMetricWrapper {
 public:
  explicit Poisson(std::string name = "poisson");
  std::string class_name() const override { return "Poisson"; }
};

struct BinaryCrossentropyMetricOptions {
  std::string name = "binary_crossentropy";
  bool from_logits = false;
  /// Targets are squeezed towards 0.5: y * (1 - s) + 0.5 * s.
  double label_smoothing = 0.0;
};

class BinaryCrossentropy final : public MeanMetricWrapper {
 public:
  using Options = BinaryCrossentropyMetricOptions;
  explicit BinaryCrossentropy(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "BinaryCrossentropy"; }
  Json get_config() const override;

 private:
  Options options_;
};

struct CategoricalCrossentropyMetricOptions {
  std::string name = "categorical_crossentropy";
  bool from_logits = false;
  double label_smoothing = 0.0;
  /// The class axis.
  int axis = -1;
};

class CategoricalCrossentropy final : public MeanMetricWrapper {
 public:
  using Options = CategoricalCrossentropyMetricOptions;
  explicit CategoricalCrossentropy(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "CategoricalCrossentropy"; }
  Json get_config() const override;

 private:
  Options options_;
};

struct SparseCategoricalCrossentropyMetricOptions {
  std::string name = "sparse_categorical_crossentropy";
  bool from_logits = false;
  /// Targets with this label score 0; with a sample_weight they also weigh 0 (Keras applies
  /// the ignore mask only together with sample weights).
  std::optional<int> ignore_class = {};
  int axis = -1;
};

class SparseCategoricalCrossentropy final : public MeanMetricWrapper {
 public:
  using Options = SparseCategoricalCrossentropyMetricOptions;
  explicit SparseCategoricalCrossentropy(Options options = {});
  static std::shared_ptr<Metric> from_config(const Json& config);
  std::string class_name() const override { return "SparseCategoricalCrossentropy"; }
  void update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) override;
  Json get_config() const override;

 private:
  Options options_;
};

}  // namespace keras::metrics
