#include "losses/hinge.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// keras convert_binary_labels_to_hinge: targets that are all 0 or 1 become -1/1 (2y - 1);
// any other targets are taken as already in hinge form. y (y - 1) is exactly 0 only for 0 and 1.
Tensor to_hinge_labels(const Tensor& y_true) {
  if (y_true.size() == 0) return y_true;
  bool binary = ops::max(ops::abs(ops::multiply(y_true, y_true - 1.0f))).item() == 0.0;
  return binary ? y_true * 2.0f - 1.0f : y_true;
}

// max(1 - y_true * y_pred, 0), elementwise.
Tensor margins(const Tensor& y_true_in, const Tensor& y_pred_in, const char* loss) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, loss);
  return ops::relu(1.0f - ops::multiply(to_hinge_labels(y_true), y_pred));
}

}  // namespace

Tensor hinge(const Tensor& y_true, const Tensor& y_pred) {
  return ops::mean(margins(y_true, y_pred, "hinge"), {-1});
}

Tensor squared_hinge(const Tensor& y_true, const Tensor& y_pred) {
  return ops::mean(ops::square(margins(y_true, y_pred, "squared_hinge")), {-1});
}

Tensor categorical_hinge(const Tensor& y_true_in, const Tensor& y_pred_in) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "categorical_hinge");
  // The score of the true class must beat the best wrong class by a margin of 1.
  Tensor pos = ops::sum(ops::multiply(y_true, y_pred), {-1});
  Tensor neg = ops::max(ops::multiply(1.0f - y_true, y_pred), {-1});
  return ops::relu(ops::subtract(neg, pos) + 1.0f);
}

std::shared_ptr<Loss> Hinge::from_config(const Json& config) {
  ConfigReader c(config, "Hinge");
  return std::make_shared<Hinge>(Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "hinge")});
}

Tensor Hinge::call(const Tensor& y_true, const Tensor& y_pred) const { return hinge(y_true, y_pred); }

std::shared_ptr<Loss> SquaredHinge::from_config(const Json& config) {
  ConfigReader c(config, "SquaredHinge");
  return std::make_shared<SquaredHinge>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "squared_hinge")});
}

Tensor SquaredHinge::call(const Tensor& y_true, const Tensor& y_pred) const { return squared_hinge(y_true, y_pred); }

std::shared_ptr<Loss> CategoricalHinge::from_config(const Json& config) {
  ConfigReader c(config, "CategoricalHinge");
  return std::make_shared<CategoricalHinge>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "categorical_hinge")});
}

Tensor CategoricalHinge::call(const Tensor& y_true, const Tensor& y_pred) const {
  return categorical_hinge(y_true, y_pred);
}

}  // namespace keras::losses
