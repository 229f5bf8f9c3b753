// Probabilistic metrics. Expected values: numpy transcriptions of the Keras 3 loss functions
// (keras/src/losses/losses.py: clip to [1e-7, 1 - 1e-7], renormalise, smoothing), averaged per
// sample and then over samples as keras.metrics.MeanMetricWrapper does.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

Tensor onehot() { return tensor({0, 1, 0, 1, 0, 0}, {2, 3}); }
Tensor probs() { return tensor({0.2f, 0.7f, 0.1f, 0.6f, 0.3f, 0.1f}, {2, 3}); }
Tensor logits() { return tensor({1.5f, -0.5f, 0.3f, -2.0f, 0.1f, 1.0f}, {2, 3}); }

}  // namespace

TEST_CASE("BinaryCrossentropy metric: probabilities, label smoothing, logits", "[metrics][probabilistic]") {
  BinaryCrossentropy bce;
  CHECK(bce.name() == "binary_crossentropy");
  bce.update_state(onehot(), probs());
  CHECK(bce.result() == Approx(0.27634001571221967).epsilon(1e-5));
  BinaryCrossentropy smooth({.label_smoothing = 0.2});
  smooth.update_state(onehot(), probs());
  CHECK(smooth.result() == Approx(0.4076867547901347).epsilon(1e-5));
  BinaryCrossentropy from_logits({.from_logits = true});
  from_logits.update_state(onehot(), logits());
  CHECK(from_logits.result() == Approx(1.2857386442110255).epsilon(1e-5));
  Json config = smooth.get_config();
  CHECK(config == Json::parse(
                      R"({"name": "binary_crossentropy", "dtype": "float32", "from_logits": false, "label_smoothing": 0.2})"));
  CHECK(deserialize({{"class_name", "BinaryCrossentropy"}, {"config", config}})->get_config() == config);
}

TEST_CASE("CategoricalCrossentropy metric with weights, smoothing and logits", "[metrics][probabilistic]") {
  CategoricalCrossentropy cce;
  cce.update_state(onehot(), probs());
  CHECK(cce.result() == Approx(0.43375028385236136).epsilon(1e-5));
  cce.reset_state();
  cce.update_state(onehot(), probs(), tensor({1, 3}, {2}));
  CHECK(cce.result() == Approx(0.47228795380917593).epsilon(1e-5));
  CategoricalCrossentropy smooth({.label_smoothing = 0.1});
  smooth.update_state(onehot(), probs());
  CHECK(smooth.result() == Approx(0.5284766133080061).epsilon(1e-5));
  CategoricalCrossentropy from_logits({.name = "cce", .from_logits = true});
  from_logits.update_state(onehot(), logits());
  CHECK(from_logits.result() == Approx(2.86908402860446).epsilon(1e-5));
  Json config = from_logits.get_config();
  CHECK(config == Json::parse(
                      R"({"name": "cce", "dtype": "float32", "from_logits": true, "label_smoothing": 0.0, "axis": -1})"));
  CHECK(deserialize({{"class_name", "CategoricalCrossentropy"}, {"config", config}})->get_config() == config);
  REQUIRE_THROWS_AS(cce.update_state(Tensor::zeros({2, 4}), probs()), ShapeError);
}

TEST_CASE("SparseCategoricalCrossentropy metric and ignore_class as Keras applies it", "[metrics][probabilistic]") {
  // Labels 1, 2, 0 against these rows: -log(0.7), -log(0.1), -log(0.5).
  Tensor p = tensor({0.2f, 0.7f, 0.1f, 0.6f, 0.3f, 0.1f, 0.5f, 0.25f, 0.25f}, {3, 3});
  Tensor y = tensor({1, 2, 0}, {3});
  SparseCategoricalCrossentropy all;
  all.update_state(y, p);
  CHECK(all.result() == Approx(1.1174690724975744).epsilon(1e-5));
  // The ignored entry scores 0; without sample weights Keras still counts it in the mean.
  SparseCategoricalCrossentropy ignore({.ignore_class = 2});
  ignore.update_state(y, p);
  CHECK(ignore.result() == Approx(0.34994070816622586).epsilon(1e-5));
  // With sample weights its weight becomes 0.
  SparseCategoricalCrossentropy weighted({.ignore_class = 2});
  weighted.update_state(tensor({1, 2, 0}, {3, 1}), p, Tensor::ones({3}));
  CHECK(weighted.result() == Approx(0.5249110622493388).epsilon(1e-5));
  Json config = ignore.get_config();
  CHECK(config == Json::parse(R"({"name": "sparse_categorical_crossentropy", "dtype": "float32",
                                  "from_logits": false, "ignore_class": 2, "axis": -1})"));
  CHECK(deserialize({{"class_name", "SparseCategoricalCrossentropy"}, {"config", config}})->get_config() == config);
}

TEST_CASE("KLDivergence and Poisson metrics", "[metrics][probabilistic]") {
  KLDivergence kld;
  CHECK(kld.name() == "kl_divergence");
  kld.update_state(onehot(), probs());
  CHECK(kld.result() == Approx(0.43374743116227654).epsilon(1e-5));
  Poisson poisson;
  poisson.update_state(onehot(), probs());
  CHECK(poisson.result() == Approx(0.47791670969682304).epsilon(1e-5));
  poisson.update_state(onehot(), probs(), tensor({0, 0}, {2}));  // zero weights change nothing
  CHECK(poisson.result() == Approx(0.47791670969682304).epsilon(1e-5));
  CHECK(get("kl_divergence")->class_name() == "KLDivergence");
  CHECK(get("bce")->class_name() == "BinaryCrossentropy");
  CHECK(get("poisson")->name() == "poisson");
}
