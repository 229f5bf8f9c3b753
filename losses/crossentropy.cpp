#include "losses/crossentropy.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// log of the renormalised, clipped probabilities (or log_softmax of logits).
Tensor log_probabilities(const Tensor& y_pred, bool from_logits, int axis) {
  if (from_logits) return ops::log_softmax(y_pred, axis);
  Tensor p = ops::divide(y_pred, ops::sum(y_pred, {axis}, true));
  return ops::log(ops::clip(p, kEpsilon, 1.0f - kEpsilon));
}

void check_last_axis(const Tensor& y_pred, int axis, const char* loss) {
  if (normalize_axis(axis, y_pred.rank()) != y_pred.rank() - 1) {
    throw ValueError(std::string(loss) + ": only the last axis is supported as the class axis");
  }
}

}  // namespace

Tensor sparse_categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits, int axis) {
  check_last_axis(y_pred, axis, "sparse_categorical_crossentropy");
  Tensor labels = y_true;
  if (labels.rank() == y_pred.rank() && labels.dim(-1) == 1) {
    std::vector<std::int64_t> d = labels.shape().dims();
    d.pop_back();
    labels = labels.reshape(Shape(d));
  }
  if (labels.rank() != y_pred.rank() - 1) {
    throw ShapeError("sparse_categorical_crossentropy: labels of shape " + y_true.shape().to_string() +
                     " do not match predictions of shape " + y_pred.shape().to_string() +
                     " (expected labels of shape " + y_pred.shape().without_batch().to_string() +
                     " without the class axis, one integer label per sample)");
  }
  Tensor onehot = ops::one_hot(labels, y_pred.dim(-1));
  return ops::negative(ops::sum(ops::multiply(onehot, log_probabilities(y_pred, from_logits, axis)), {-1}));
}

Tensor categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits, double label_smoothing,
                                int axis) {
  check_last_axis(y_pred, axis, "categorical_crossentropy");
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError("categorical_crossentropy: targets of shape " + y_true.shape().to_string() +
                     " do not match predictions of shape " + y_pred.shape().to_string() +
                     " (use sparse_categorical_crossentropy for integer labels)");
  }
  Tensor target = ops::cast(y_true, float32);
  if (label_smoothing > 0.0) {
    float classes = static_cast<float>(y_pred.dim(-1));
    target = target * static_cast<float>(1.0 - label_smoothing) + static_cast<float>(label_smoothing) / classes;
  }
  return ops::negative(ops::sum(ops::multiply(target, log_probabilities(y_pred, from_logits, axis)), {axis}));
}

Tensor binary_crossentropy(const Tensor& y_true_in, const Tensor& y_pred_in, bool from_logits, double label_smoothing,
                           int axis) {
  auto [y_true, y_pred] = squeeze_or_expand_to_same_rank(ops::cast(y_true_in, float32), y_pred_in);
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError("binary_crossentropy: targets of shape " + y_true_in.shape().to_string() +
                     " do not match predictions of shape " + y_pred_in.shape().to_string());
  }
  if (label_smoothing > 0.0) {
    y_true = y_true * static_cast<float>(1.0 - label_smoothing) + static_cast<float>(0.5 * label_smoothing);
  }
  Tensor per_element;
  if (from_logits) {
    // tf.nn.sigmoid_cross_entropy_with_logits: max(x, 0) - x*z + log(1 + exp(-|x|)).
    per_element = ops::add(ops::subtract(ops::relu(y_pred), ops::multiply(y_pred, y_true)),
                           ops::softplus(ops::negative(ops::abs(y_pred))));
  } else {
    Tensor p = ops::clip(y_pred, kEpsilon, 1.0f - kEpsilon);
    per_element = ops::negative(ops::add(ops::multiply(y_true, ops::log(p)),
                                         ops::multiply(1.0f - y_true, ops::log(1.0f - p))));
  }
  return ops::mean(per_element, {axis});
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(Options o)
    : Loss(o.name, o.reduction), from_logits_(o.from_logits) {}

std::shared_ptr<Loss> SparseCategoricalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "SparseCategoricalCrossentropy");
  if (!c.is_null("ignore_class")) c.fail("ignore_class", "must be null (ignore_class is not supported)");
  return std::make_shared<SparseCategoricalCrossentropy>(
      Options{c.boolean("from_logits", false), c.string("reduction", "sum_over_batch_size"),
              c.string("name", "sparse_categorical_crossentropy")});
}

Tensor SparseCategoricalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  return sparse_categorical_crossentropy(y_true, y_pred, from_logits_);
}

Json SparseCategoricalCrossentropy::get_config() const {
  Json c = Loss::get_config();
  c["from_logits"] = from_logits_;
  c["ignore_class"] = nullptr;
  return c;
}

CategoricalCrossentropy::CategoricalCrossentropy(Options o) : Loss(o.name, o.reduction), options_(std::move(o)) {}

std::shared_ptr<Loss> CategoricalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "CategoricalCrossentropy");
  return std::make_shared<CategoricalCrossentropy>(
      Options{c.boolean("from_logits", false), c.number("label_smoothing", 0.0), static_cast<int>(c.integer("axis", -1)),
              c.string("reduction", "sum_over_batch_size"), c.string("name", "categorical_crossentropy")});
}

Tensor CategoricalCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  return categorical_crossentropy(y_true, y_pred, options_.from_logits, options_.label_smoothing, options_.axis);
}

Json CategoricalCrossentropy::get_config() const {
  Json c = Loss::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  c["axis"] = options_.axis;
  return c;
}

BinaryCrossentropy::BinaryCrossentropy(Options o) : Loss(o.name, o.reduction), options_(std::move(o)) {}

std::shared_ptr<Loss> BinaryCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "BinaryCrossentropy");
  return std::make_shared<BinaryCrossentropy>(
      Options{c.boolean("from_logits", false), c.number("label_smoothing", 0.0), static_cast<int>(c.integer("axis", -1)),
              c.string("reduction", "sum_over_batch_size"), c.string("name", "binary_crossentropy")});
}

Tensor BinaryCrossentropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  return binary_crossentropy(y_true, y_pred, options_.from_logits, options_.label_smoothing, options_.axis);
}

Json BinaryCrossentropy::get_config() const {
  Json c = Loss::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  c["axis"] = options_.axis;
  return c;
}

}  // namespace keras::losses
