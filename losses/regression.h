#pragma once
// Regression losses, averaged over the last axis: keras.losses.MeanSquaredError,
// MeanAbsoluteError, Huber and their function forms.

#include "losses/loss.h"

namespace keras::losses {

Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred);
Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred);
/// 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta); e = y_pred - y_true.
Tensor huber(const Tensor& y_true, const Tensor& y_pred, double delta = 1.0);

struct MeanSquaredErrorOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "mean_squared_error";
};

class MeanSquaredError final : public Loss {
 public:
  using Options = MeanSquaredErrorOptions;
  explicit MeanSquaredError(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "MeanSquaredError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct MeanAbsoluteErrorOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "mean_absolute_error";
};

class MeanAbsoluteError final : public Loss {
 public:
  using Options = MeanAbsoluteErrorOptions;
  explicit MeanAbsoluteError(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "MeanAbsoluteError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct HuberOptions {
  double delta = 1.0;
  std::string reduction = "sum_over_batch_size";
  std::string name = "huber_loss";
};

class Huber final : public Loss {
 public:
  using Options = HuberOptions;
  explicit Huber(Options o = {});
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "Huber"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  double delta_;
};

}  // namespace keras::losses
