#pragma once
// Losses between distributions or counts: keras.losses.KLDivergence, Poisson and their
// function forms. (The cross-entropies live in crossentropy.h.)

#include "losses/loss.h"

namespace keras::losses {

/// sum(y_true * log(y_true / y_pred)) over the last axis, both clipped to [epsilon, 1].
Tensor kl_divergence(const Tensor& y_true, const Tensor& y_pred);
/// mean(y_pred - y_true * log(y_pred + epsilon)) over the last axis.
Tensor poisson(const Tensor& y_true, const Tensor& y_pred);

struct KLDivergenceOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "kl_divergence";
};

class KLDivergence final : public Loss {
 public:
  using Options = KLDivergenceOptions;
  explicit KLDivergence(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "KLDivergence"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

struct PoissonOptions {
  std::string reduction = "sum_over_batch_size";
  std::string name = "poisson";
};

class Poisson final : public Loss {
 public:
  using Options = PoissonOptions;
  explicit Poisson(Options o = {}) : Loss(o.name, o.reduction) {}
  static std::shared_ptr<Loss> from_config(const Json& config);
  std::string class_name() const override { return "Poisson"; }
  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
};

}  // namespace keras::losses
