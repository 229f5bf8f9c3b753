#include "losses/focal.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// (1 - p)^gamma * ce. With gamma = 0 (plain cross-entropy) the power is skipped: its gradient
// 0 * x^-1 would be NaN where p = 1.
Tensor focal(const Tensor& one_minus_p, double gamma, const Tensor& ce) {
  if (gamma == 0.0) return ce;
  return ops::multiply(ops::power(one_minus_p, Tensor::scalar(static_cast<float>(gamma), ce.device())), ce);
}

void check_options(const char* loss, double gamma, double label_smoothing) {
  if (!(gamma >= 0.0) || !std::isfinite(gamma)) {
    throw ValueError(std::string(loss) + ": `gamma` must be a non-negative number, received gamma=" +
                     std::to_string(gamma));
  }
  if (!(label_smoothing >= 0.0 && label_smoothing <= 1.0)) {
    throw ValueError(std::string(loss) + ": `label_smoothing` must be in [0, 1], received label_smoothing=" +
                     std::to_string(label_smoothing));
  }
}

// Keras writes a scalar alpha as a number and a per-class alpha as a list.
Json alpha_config(const std::vector<double>& alpha) { return alpha.size() == 1 ? Json(alpha[0]) : Json(alpha); }

std::vector<double> read_alpha(const ConfigReader& c) {
  if (c.is_null("alpha")) return {0.25};
  const Json& a = c.raw("alpha");
  if (a.is_number()) return {a.get<double>()};
  if (a.is_array() && !a.empty() && std::all_of(a.begin(), a.end(), [](const Json& v) { return v.is_number(); })) {
    return a.get<std::vector<double>>();
  }
  c.fail("alpha", "must be a number or a non-empty list of numbers, received " + a.dump());
}

}  // namespace

Tensor binary_focal_crossentropy(const Tensor& y_true_in, const Tensor& y_pred_in, bool apply_class_balancing,
                                 double alpha, double gamma, bool from_logits, double label_smoothing, int axis) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "binary_focal_crossentropy");
  axis = normalize_axis(axis, y_pred.rank(), "binary_focal_crossentropy axis");
  if (label_smoothing > 0.0) {
    y_true = y_true * static_cast<float>(1.0 - label_smoothing) + static_cast<float>(0.5 * label_smoothing);
  }
  Tensor p = from_logits ? ops::sigmoid(y_pred) : y_pred;
  // The cross-entropy clips p; the focal factor uses it unclipped, as Keras does.
  Tensor clipped = ops::clip(p, kEpsilon, 1.0f - kEpsilon);
  Tensor bce = ops::negative(
      ops::add(ops::multiply(y_true, ops::log(clipped)), ops::multiply(1.0f - y_true, ops::log(1.0f - clipped))));
  Tensor p_t = ops::add(ops::multiply(y_true, p), ops::multiply(1.0f - y_true, 1.0f - p));
  Tensor focal_bce = focal(1.0f - p_t, gamma, bce);
  if (apply_class_balancing) {
    Tensor weight = y_true * static_cast<float>(alpha) + (1.0f - y_true) * static_cast<float>(1.0 - alpha);
    focal_bce = ops::multiply(weight, focal_bce);
  }
  return ops::mean(focal_bce, {axis});
}

Tensor categorical_focal_crossentropy(const Tensor& y_true_in, const Tensor& y_pred, const std::vector<double>& alpha,
                                      double gamma, bool from_logits, double label_smoothing, int axis) {
  const char* loss = "categorical_focal_crossentropy";
  auto [y_true, pred] = aligned_targets(y_true_in, y_pred, loss);
  axis = normalize_axis(axis, pred.rank(), "categorical_focal_crossentropy axis");
  const std::int64_t classes = pred.dim(axis);
  if (alpha.empty() || (alpha.size() != 1 && static_cast<std::int64_t>(alpha.size()) != classes)) {
    throw ValueError(std::string(loss) + ": `alpha` must hold one value or one per class (" + std::to_string(classes) +
                     "), received " + std::to_string(alpha.size()) + " values");
  }
  if (label_smoothing > 0.0) {
    y_true = y_true * static_cast<float>(1.0 - label_smoothing) +
             static_cast<float>(label_smoothing / static_cast<double>(classes));
  }
  Tensor p = from_logits ? ops::softmax(pred, axis) : pred;
  // Renormalised so each sample's probabilities sum to 1, then clipped for a finite log.
  Tensor output = ops::clip(ops::divide(p, ops::sum(p, {axis}, true)), kEpsilon, 1.0f - kEpsilon);
  Tensor focal_cce = focal(1.0f - output, gamma, ops::negative(ops::multiply(y_true, ops::log(output))));
  if (alpha.size() == 1) {
    focal_cce = focal_cce * static_cast<float>(alpha[0]);
  } else {
    // One weight per class, laid along the class axis so it broadcasts over the rest.
    std::vector<std::int64_t> dims(static_cast<std::size_t>(pred.rank()), 1);
    dims[static_cast<std::size_t>(axis)] = classes;
    std::vector<float> values(alpha.begin(), alpha.end());
    focal_cce = ops::multiply(focal_cce, Tensor::from_vector(values, Shape(dims), pred.device()));
  }
  return ops::sum(focal_cce, {axis});
}

BinaryFocalCrossentropy::BinaryFocalCrossentropy(Options o) : Loss(o.name, o.reduction), options_(std::move(o)) {
  check_options("BinaryFocalCrossentropy", options_.gamma, options_.label_smoothing);
  if (!(options_.alpha >= 0.0 && options_.alpha <= 1.0)) {
    throw ValueError("BinaryFocalCrossentropy: `alpha` must be in [0, 1], received alpha=" +
                     std::to_string(options_.alpha));
  }
}

std::shared_ptr<Loss> BinaryFocalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "BinaryFocalCrossentropy");
  return std::make_shared<BinaryFocalCrossentropy>(Options{
      c.boolean("apply_class_balancing", false), c.number("alpha", 0.25), c.number("gamma", 2.0),
      c.boolean("from_logits", false), c.number("label_smoothing", 0.0), static_cast<int>(c.integer("axis", -1)),
      c.string("reduction", "sum_over_batch_size"), c.string("name", "binary_focal_crossentropy")});
}

Tensor BinaryFocalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  const Options& o = options_;
  return binary_focal_crossentropy(y_true, y_pred, o.apply_class_balancing, o.alpha, o.gamma, o.from_logits,
                                   o.label_smoothing, o.axis);
}

Json BinaryFocalCrossentropy::get_config() const {
  Json c = Loss::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  c["axis"] = options_.axis;
  c["apply_class_balancing"] = options_.apply_class_balancing;
  c["alpha"] = options_.alpha;
  c["gamma"] = options_.gamma;
  return c;
}

CategoricalFocalCrossentropy::CategoricalFocalCrossentropy(Options o)
    : Loss(o.name, o.reduction), options_(std::move(o)) {
  check_options("CategoricalFocalCrossentropy", options_.gamma, options_.label_smoothing);
  if (options_.alpha.empty()) throw ValueError("CategoricalFocalCrossentropy: `alpha` must not be empty");
}

std::shared_ptr<Loss> CategoricalFocalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "CategoricalFocalCrossentropy");
  return std::make_shared<CategoricalFocalCrossentropy>(
      Options{read_alpha(c), c.number("gamma", 2.0), c.boolean("from_logits", false), c.number("label_smoothing", 0.0),
              static_cast<int>(c.integer("axis", -1)), c.string("reduction", "sum_over_batch_size"),
              c.string("name", "categorical_focal_crossentropy")});
}

Tensor CategoricalFocalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  const Options& o = options_;
  return categorical_focal_crossentropy(y_true, y_pred, o.alpha, o.gamma, o.from_logits, o.label_smoothing, o.axis);
}

Json CategoricalFocalCrossentropy::get_config() const {
  Json c = Loss::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  c["axis"] = options_.axis;
  c["alpha"] = alpha_config(options_.alpha);
  c["gamma"] = options_.gamma;
  return c;
}

}  // namespace keras::losses
