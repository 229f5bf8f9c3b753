#include "losses/regression.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// y_pred - y_true after Keras' rank alignment, with a clear error on mismatch.
Tensor error_of(const Tensor& y_true_in, const Tensor& y_pred_in, const char* loss) {
  auto [y_true, y_pred] = squeeze_or_expand_to_same_rank(ops::cast(y_true_in, float32), y_pred_in);
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError(std::string(loss) + ": targets of shape " + y_true_in.shape().to_string() +
                     " do not match predictions of shape " + y_pred_in.shape().to_string());
  }
  return ops::subtract(y_pred, y_true);
}

}  // namespace

Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred) {
  return ops::mean(ops::square(error_of(y_true, y_pred, "mean_squared_error")), {-1});
}

Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred) {
  return ops::mean(ops::abs(error_of(y_true, y_pred, "mean_absolute_error")), {-1});
}

Tensor huber(const Tensor& y_true, const Tensor& y_pred, double delta) {
  Tensor abs_error = ops::abs(error_of(y_true, y_pred, "huber"));
  // 0.5*min(|e|,d)^2 + d*(|e| - min(|e|,d)) equals Keras' where(|e| <= d, ...) form.
  Tensor d = Tensor::scalar(static_cast<float>(delta), abs_error.device());
  Tensor quadratic = ops::minimum(abs_error, d);
  Tensor linear = ops::subtract(abs_error, quadratic);
  return ops::mean(ops::add(ops::square(quadratic) * 0.5f, linear * static_cast<float>(delta)), {-1});
}

std::shared_ptr<Loss> MeanSquaredError::from_config(const Json& config) {
  ConfigReader c(config, "MeanSquaredError");
  return std::make_shared<MeanSquaredError>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "mean_squared_error")});
}

Tensor MeanSquaredError::call(const Tensor& y_true, const Tensor& y_pred) const {
  return mean_squared_error(y_true, y_pred);
}

std::shared_ptr<Loss> MeanAbsoluteError::from_config(const Json& config) {
  ConfigReader c(config, "MeanAbsoluteError");
  return std::make_shared<MeanAbsoluteError>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "mean_absolute_error")});
}

Tensor MeanAbsoluteError::call(const Tensor& y_true, const Tensor& y_pred) const {
  return mean_absolute_error(y_true, y_pred);
}

Huber::Huber(Options o) : Loss(o.name, o.reduction), delta_(o.delta) {
  if (delta_ <= 0.0) throw ValueError("Huber: delta must be positive, received delta=" + std::to_string(delta_));
}

std::shared_ptr<Loss> Huber::from_config(const Json& config) {
  ConfigReader c(config, "Huber");
  return std::make_shared<Huber>(
      Options{c.number("delta", 1.0), c.string("reduction", "sum_over_batch_size"), c.string("name", "huber_loss")});
}

Tensor Huber::call(const Tensor& y_true, const Tensor& y_pred) const { return huber(y_true, y_pred, delta_); }

Json Huber::get_config() const {
  Json c = Loss::get_config();
  c["delta"] = delta_;
  return c;
}

}  // namespace keras::losses
