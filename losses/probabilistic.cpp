#include "losses/probabilistic.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

Tensor kl_divergence(const Tensor& y_true_in, const Tensor& y_pred_in) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "kl_divergence");
  // Clipping both sides keeps log finite: a zero target contributes ~0, a zero prediction a
  // large but finite penalty, as in Keras.
  Tensor t = ops::clip(y_true, kEpsilon, 1.0f);
  Tensor p = ops::clip(y_pred, kEpsilon, 1.0f);
  return ops::sum(ops::multiply(t, ops::log(ops::divide(t, p))), {-1});
}

Tensor poisson(const Tensor& y_true_in, const Tensor& y_pred_in) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "poisson");
  // The epsilon keeps log finite for a zero predicted rate.
  return ops::mean(ops::subtract(y_pred, ops::multiply(y_true, ops::log(y_pred + kEpsilon))), {-1});
}

std::shared_ptr<Loss> KLDivergence::from_config(const Json& config) {
  ConfigReader c(config, "KLDivergence");
  return std::make_shared<KLDivergence>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "kl_divergence")});
}

Tensor KLDivergence::call(const Tensor& y_true, const Tensor& y_pred) const { return kl_divergence(y_true, y_pred); }

std::shared_ptr<Loss> Poisson::from_config(const Json& config) {
  ConfigReader c(config, "Poisson");
  return std::make_shared<Poisson>(Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "poisson")});
}

Tensor Poisson::call(const Tensor& y_true, const Tensor& y_pred) const { return poisson(y_true, y_pred); }

}  // namespace keras::losses
