#include "metrics/probabilistic_metrics.h"

#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "losses/crossentropy.h"
#include "losses/probabilistic.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

KLDivergence::KLDivergence(std::string name) : MeanMetricWrapper(losses::kl_divergence, std::move(name)) {}

Poisson::Poisson(std::string name) : MeanMetricWrapper(losses::poisson, std::move(name)) {}

BinaryCrossentropy::BinaryCrossentropy(Options o)
    : MeanMetricWrapper(
          [o](const Tensor& t, const Tensor& p) {
            return losses::binary_crossentropy(t, p, o.from_logits, o.label_smoothing);
          },
          o.name),
      options_(o) {}

std::shared_ptr<Metric> BinaryCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "BinaryCrossentropy metric");
  return std::make_shared<BinaryCrossentropy>(Options{
      c.string("name", "binary_crossentropy"), c.boolean("from_logits", false), c.number("label_smoothing", 0.0)});
}

Json BinaryCrossentropy::get_config() const {
  Json c = Metric::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  return c;
}

CategoricalCrossentropy::CategoricalCrossentropy(Options o)
    : MeanMetricWrapper(
          [o](const Tensor& t, const Tensor& p) {
            return losses::categorical_crossentropy(t, p, o.from_logits, o.label_smoothing, o.axis);
          },
          o.name),
      options_(o) {}

std::shared_ptr<Metric> CategoricalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "CategoricalCrossentropy metric");
  return std::make_shared<CategoricalCrossentropy>(
      Options{c.string("name", "categorical_crossentropy"), c.boolean("from_logits", false),
              c.number("label_smoothing", 0.0), static_cast<int>(c.integer("axis", -1))});
}

Json CategoricalCrossentropy::get_config() const {
  Json c = Metric::get_config();
  c["from_logits"] = options_.from_logits;
  c["label_smoothing"] = options_.label_smoothing;
  c["axis"] = options_.axis;
  return c;
}

SparseCategoricalCrossentropy::SparseCategoricalCrossentropy(Options o)
    : MeanMetricWrapper(
          [o](const Tensor& t, const Tensor& p) {
            return losses::sparse_categorical_crossentropy(t, p, o.from_logits, o.axis);
          },
          o.name),
      options_(o) {}

std::shared_ptr<Metric> SparseCategoricalCrossentropy::from_config(const Json& config) {
  ConfigReader c(config, "SparseCategoricalCrossentropy metric");
  return std::make_shared<SparseCategoricalCrossentropy>(
      Options{c.string("name", "sparse_categorical_crossentropy"), c.boolean("from_logits", false),
              read_optional_int(c, "ignore_class"), static_cast<int>(c.integer("axis", -1))});
}

void SparseCategoricalCrossentropy::update_state(const Tensor& y_true, const Tensor& y_pred,
                                                 const Tensor& sample_weight) {
  if (!options_.ignore_class) return MeanMetricWrapper::update_state(y_true, y_pred, sample_weight);
  autograd::NoGradGuard no_grad;
  Tensor labels = ops::cast(y_true, float32);
  if (labels.rank() == y_pred.rank() && labels.dim(-1) == 1) labels = ops::squeeze(labels, -1);
  Tensor ignored = ops::equal(labels, Tensor::scalar(static_cast<float>(*options_.ignore_class), labels.device()));
  Tensor valid = 1.0f - ignored;
  // Ignored labels become class 0 so the loss stays finite; their values are then zeroed.
  Tensor values = ops::multiply(
      losses::sparse_categorical_crossentropy(ops::multiply(labels, valid), y_pred, options_.from_logits, options_.axis),
      valid);
  Tensor weights;
  if (sample_weight.defined()) {
    auto [v, w] = losses::squeeze_or_expand_to_same_rank(valid, ops::cast(sample_weight, float32));
    weights = ops::multiply(v, w);
  }
  add_unmasked(values, y_pred, weights);
}

Json SparseCategoricalCrossentropy::get_config() const {
  Json c = Metric::get_config();
  c["from_logits"] = options_.from_logits;
  c["ignore_class"] = optional_json(options_.ignore_class);
  c["axis"] = options_.axis;
  return c;
}

}  // namespace keras::metrics
