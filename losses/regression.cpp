#include "losses/regression.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// y_pred - y_true after alignment.
Tensor error_of(const Tensor& y_true_in, const Tensor& y_pred_in, const char* loss) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, loss);
  return ops::subtract(y_pred, y_true);
}

Tensor scalar_like(float v, const Tensor& t) { return Tensor::scalar(v, t.device()); }

// keras.ops.normalize(x, order=2): x / max(||x||, epsilon). Taken as sqrt(max(sum x^2, eps^2)),
// the same value, so an all-zero vector gets a zero gradient instead of sqrt's infinite one at 0.
Tensor l2_normalize(const Tensor& x, int axis) {
  Tensor sum_sq = ops::sum(ops::square(x), {axis}, true);
  return ops::divide(x, ops::sqrt(ops::maximum(sum_sq, scalar_like(kEpsilon * kEpsilon, x))));
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

Tensor mean_absolute_percentage_error(const Tensor& y_true_in, const Tensor& y_pred_in) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "mean_absolute_percentage_error");
  // The epsilon floor keeps zero targets finite (huge, as in Keras) rather than dividing by zero.
  Tensor scale = ops::maximum(ops::abs(y_true), scalar_like(kEpsilon, y_true));
  return ops::mean(ops::abs(ops::divide(ops::subtract(y_true, y_pred), scale)), {-1}) * 100.0f;
}

Tensor mean_squared_logarithmic_error(const Tensor& y_true_in, const Tensor& y_pred_in) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "mean_squared_logarithmic_error");
  Tensor eps = scalar_like(kEpsilon, y_pred);
  Tensor first_log = ops::log(ops::maximum(y_pred, eps) + 1.0f);
  Tensor second_log = ops::log(ops::maximum(y_true, eps) + 1.0f);
  return ops::mean(ops::square(ops::subtract(first_log, second_log)), {-1});
}

Tensor log_cosh(const Tensor& y_true, const Tensor& y_pred) {
  Tensor e = error_of(y_true, y_pred, "log_cosh");
  // log(cosh(e)) = e + log(1 + exp(-2e)) - log(2): finite where cosh(e) itself overflows.
  return ops::mean(ops::add(e, ops::softplus(e * -2.0f)) - static_cast<float>(std::log(2.0)), {-1});
}

Tensor cosine_similarity(const Tensor& y_true_in, const Tensor& y_pred_in, int axis) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "cosine_similarity");
  return ops::negative(ops::sum(ops::multiply(l2_normalize(y_true, axis), l2_normalize(y_pred, axis)), {axis}));
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

std::shared_ptr<Loss> MeanAbsolutePercentageError::from_config(const Json& config) {
  ConfigReader c(config, "MeanAbsolutePercentageError");
  return std::make_shared<MeanAbsolutePercentageError>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "mean_absolute_percentage_error")});
}

Tensor MeanAbsolutePercentageError::call(const Tensor& y_true, const Tensor& y_pred) const {
  return mean_absolute_percentage_error(y_true, y_pred);
}

std::shared_ptr<Loss> MeanSquaredLogarithmicError::from_config(const Json& config) {
  ConfigReader c(config, "MeanSquaredLogarithmicError");
  return std::make_shared<MeanSquaredLogarithmicError>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "mean_squared_logarithmic_error")});
}

Tensor MeanSquaredLogarithmicError::call(const Tensor& y_true, const Tensor& y_pred) const {
  return mean_squared_logarithmic_error(y_true, y_pred);
}

std::shared_ptr<Loss> LogCosh::from_config(const Json& config) {
  ConfigReader c(config, "LogCosh");
  return std::make_shared<LogCosh>(Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "log_cosh")});
}

Tensor LogCosh::call(const Tensor& y_true, const Tensor& y_pred) const { return log_cosh(y_true, y_pred); }

std::shared_ptr<Loss> CosineSimilarity::from_config(const Json& config) {
  ConfigReader c(config, "CosineSimilarity");
  return std::make_shared<CosineSimilarity>(Options{static_cast<int>(c.integer("axis", -1)),
                                                    c.string("reduction", "sum_over_batch_size"),
                                                    c.string("name", "cosine_similarity")});
}

Tensor CosineSimilarity::call(const Tensor& y_true, const Tensor& y_pred) const {
  return cosine_similarity(y_true, y_pred, axis_);
}

Json CosineSimilarity::get_config() const {
  Json c = Loss::get_config();
  c["axis"] = axis_;
  return c;
}

}  // namespace keras::losses
