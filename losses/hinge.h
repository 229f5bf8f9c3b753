#pragma once
// Maximum-margin losses: keras.losses.Hinge, SquaredHinge, CategoricalHinge and their
// function forms. Hinge targets are -1/1; 0/1 targets are converted as Keras does.

#include "losses/loss.h"

namespace keras::losses {

/// mean(max(1 - y_true * y_pred, 0)) over the last axis.
Tensor hinge(const Tensor& y_true, const Tensor& y_pred);
/// mean(max(1 - y_true * y_pred, 0)^2) over the last axis.
Tensor squared_hinge(const Tensor& y_true, const Tensor& y_pred);
/// max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis (one-hot y_true).
Tensor categorical_hinge(const Tensor& y_true, const Tensor& y_pred);

struct HingeOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "hinge";
};

class Hinge final : public Loss {
 public:
  using Options = HingeOptions;
  explicit Hinge(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "Hinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct SquaredHingeOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "squared_hinge";
};

class SquaredHinge final : public Loss {
 public:
  using Options = SquaredHingeOptions;
  explicit SquaredHinge(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "SquaredHinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct CategoricalHingeOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "categorical_hinge";
};

class CategoricalHinge final : public Loss {
 public:
  using Options = CategoricalHingeOptions;
  explicit CategoricalHinge(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "CategoricalHinge"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

}  // namespace keras::losses
