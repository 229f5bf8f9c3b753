#pragma once
// Regression losses, averaged (or, for cosine similarity, reduced) over the last axis:
// keras.losses.MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
// MeanSquaredLogarithmicError, Huber, LogCosh, CosineSimilarity and their function forms.

#include "losses/loss.h"

namespace keras::losses {

Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred);
Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred);
/// 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta); e = y_pred - y_true.
Tensor huber(const Tensor& y_true, const Tensor& y_pred, double delta = 1.0);
/// 100 * mean(|(y_true - y_pred) / max(|y_true|, epsilon)|).
Tensor mean_absolute_percentage_error(const Tensor& y_true, const Tensor& y_pred);
/// mean((log(max(y_pred, epsilon) + 1) - log(max(y_true, epsilon) + 1))^2).
Tensor mean_squared_logarithmic_error(const Tensor& y_true, const Tensor& y_pred);
/// mean(log(cosh(e))), computed as e + softplus(-2e) - log(2) so large |e| does not overflow.
Tensor log_cosh(const Tensor& y_true, const Tensor& y_pred);
/// -sum(l2_normalize(y_true) * l2_normalize(y_pred)) over `axis`: -1 for identical directions.
Tensor cosine_similarity(const Tensor& y_true, const Tensor& y_pred, int axis = -1);

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

struct MeanAbsolutePercentageErrorOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "mean_absolute_percentage_error";
};

class MeanAbsolutePercentageError final : public Loss {
 public:
  using Options = MeanAbsolutePercentageErrorOptions;
  explicit MeanAbsolutePercentageError(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "MeanAbsolutePercentageError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct MeanSquaredLogarithmicErrorOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "mean_squared_logarithmic_error";
};

class MeanSquaredLogarithmicError final : public Loss {
 public:
  using Options = MeanSquaredLogarithmicErrorOptions;
  explicit MeanSquaredLogarithmicError(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "MeanSquaredLogarithmicError"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct LogCoshOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "log_cosh";
};

class LogCosh final : public Loss {
 public:
  using Options = LogCoshOptions;
  explicit LogCosh(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "LogCosh"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct CosineSimilarityOptions {
  int axis = -1;
  std::string reduction = "sum_over_batch_size";
  std::string name = "cosine_similarity";
};

class CosineSimilarity final : public Loss {
 public:
  using Options = CosineSimilarityOptions;
  explicit CosineSimilarity(Options o = {}) : Loss(o.name, o.reduction), axis_(o.axis) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "CosineSimilarity"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  Json get_config() const override;

 private:
  int axis_;
};

}  // namespace keras::losses
