#pragma once
// keras.losses.Loss: per-sample loss values, then sample weighting and reduction.

#include <concepts>
#include <memory>
#include <string>

#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras::losses {

/// Keras' fuzz factor for clipping probabilities (keras.config.epsilon()).
inline constexpr float kEpsilon = 1e-7f;

class Loss {
 public:
  /// reduction: "sum_over_batch_size" (Keras' default; = "mean"), "sum",
  /// "mean_with_sample_weight" or "none".
  explicit Loss(std::string name, std::string reduction = "sum_over_batch_size");
  virtual ~Loss() = default;

  virtual std::string class_name() const = 0;
  /// Per-sample losses: y_pred's shape without its last axis.
  virtual Tensor call(const Tensor& y_true, const Tensor& y_pred) const = 0;
  /// Keras Loss.__call__: call(), multiply by sample_weight (if defined), reduce.
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight = Tensor()) const;

  const std::string& name() const { return name_; }
  const std::string& reduction() const { return reduction_; }
  virtual Json get_config() const;

 private:
  std::string name_;
  std::string reduction_;
};

/// keras.losses.get: a Loss from a Keras name ("mse", "sparse_categorical_crossentropy",
/// "SparseCategoricalCrossentropy", ...).
std::shared_ptr<Loss> get(const std::string& name);
/// From {"class_name": ..., "config": {...}} or a name.
std::shared_ptr<Loss> deserialize(const Json& config);
Json serialize(const Loss& loss);
std::vector<std::string> names();

/// Keras squeeze_or_expand_to_same_rank: makes ranks agree when they differ by a trailing 1.
std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& a, const Tensor& b);
/// Float targets and predictions after that alignment; ShapeError naming `loss` when their shapes
/// still differ.
std::pair<Tensor, Tensor> aligned_targets(const Tensor& y_true, const Tensor& y_pred, const char* loss);

}  // namespace keras::losses

namespace keras {

/// What compile(loss=...) accepts: a loss name (resolved when the data's shapes are known,
/// so "crossentropy" can pick the right one) or a Loss object.
class LossArg {
 public:
  LossArg() = default;
  LossArg(const char* name) : name_(name) {}
  LossArg(std::string name) : name_(std::move(name)) {}
  LossArg(std::shared_ptr<losses::Loss> loss) : loss_(std::move(loss)) {}
  template <class L>
    requires std::derived_from<L, losses::Loss>
  LossArg(L loss) : loss_(std::make_shared<L>(std::move(loss))) {}

  bool empty() const { return name_.empty() && !loss_; }
  /// What compile() was given: the name, or the object (for compile_config).
  const std::string& name() const { return name_; }
  const std::shared_ptr<losses::Loss>& object() const { return loss_; }
  /// The Loss to use for data of these shapes.
  std::shared_ptr<losses::Loss> resolve(const Shape& y_true, const Shape& y_pred) const;

 private:
  std::string name_;
  std::shared_ptr<losses::Loss> loss_;
};

}  // namespace keras
