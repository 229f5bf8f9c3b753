// Confusion-matrix metrics. Expected values are the examples of Keras 3's docstrings in
// keras/src/metrics/confusion_metrics.py (outputs printed by Keras itself), or counted by hand
// from the definition "positive at threshold t when y_pred > t"; each test says which.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

Tensor row(const std::vector<float>& v) { return tensor(v, {static_cast<std::int64_t>(v.size())}); }

}  // namespace

TEST_CASE("TruePositives/FalsePositives/TrueNegatives/FalseNegatives match Keras' docstrings", "[metrics][confusion]") {
  TruePositives tp;
  tp.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}));
  CHECK(tp.result() == 2.0);
  tp.reset_state();
  tp.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}), row({0, 0, 1, 0}));
  CHECK(tp.result() == 1.0);

  FalsePositives fp;
  fp.update_state(row({0, 1, 0, 0}), row({0, 0, 1, 1}));
  CHECK(fp.result() == 2.0);
  fp.reset_state();
  fp.update_state(row({0, 1, 0, 0}), row({0, 0, 1, 1}), row({0, 0, 1, 0}));
  CHECK(fp.result() == 1.0);

  TrueNegatives tn;
  tn.update_state(row({0, 1, 0, 0}), row({1, 1, 0, 0}));
  CHECK(tn.result() == 2.0);
  FalseNegatives fn;
  fn.update_state(row({0, 1, 1, 1}), row({0, 1, 0, 0}));
  CHECK(fn.result() == 2.0);
  fn.update_state(row({0, 1, 1, 1}), row({0, 1, 0, 0}), row({0, 0, 1, 0}));  // accumulates: 2 + 1
  CHECK(fn.result() == 3.0);
}

TEST_CASE("Confusion counts with several thresholds give a vector result", "[metrics][confusion]") {
  // By hand: predictions 0.1, 0.5, 0.7, 0.95 with labels 0, 1, 1, 0; thresholds 0.3, 0.5, 0.9.
  // Positives above 0.3: 0.5, 0.7 (labels 1, 1) -> tp 2; above 0.5: 0.7 -> 1; above 0.9: none.
  TruePositives tp({.thresholds = std::vector<double>{0.3, 0.5, 0.9}, .name = "tp"});
  Tensor y = row({0, 1, 1, 0}), p = row({0.1f, 0.5f, 0.7f, 0.95f});
  tp.update_state(y, p);
  check_close(tp.result_tensor(), {2, 1, 0});
  CHECK(tp.result() == Approx(1.0));  // the logged value is the mean
  // False positives: 0.95 clears every threshold -> 1, 1, 1.
  FalsePositives fp({.thresholds = std::vector<double>{0.3, 0.5, 0.9}});
  fp.update_state(y, p);
  check_close(fp.result_tensor(), {1, 1, 1});
  // Evenly spaced thresholds take Keras' bucketed path: same definition, 0.5 is not > 0.5.
  TrueNegatives tn({.thresholds = std::vector<double>{0.0, 0.5, 1.0}});
  tn.update_state(y, p);
  check_close(tn.result_tensor(), {0, 1, 2});
  CHECK(tp.get_config()["thresholds"] == Json::parse("[0.3, 0.5, 0.9]"));
  CHECK(TruePositives().get_config()["thresholds"].is_null());
}

TEST_CASE("Default confusion-metric names are snake-cased and made unique as in Keras", "[metrics][confusion]") {
  TruePositives a, b;
  CHECK(a.name().rfind("true_positives", 0) == 0);
  CHECK(b.name() != a.name());
  CHECK(Precision({.name = "p"}).name() == "p");
}

TEST_CASE("Precision and Recall match Keras' docstrings, including top_k", "[metrics][confusion]") {
  Precision p;
  p.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}));
  CHECK(p.result() == Approx(2.0 / 3.0));
  p.reset_state();
  p.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}), row({0, 0, 1, 0}));
  CHECK(p.result() == Approx(1.0));
  // top_k=2 keeps the first two of four tied predictions (labels 0, 0): precision 0.
  Precision top2({.top_k = 2});
  top2.update_state(row({0, 0, 1, 1}), row({1, 1, 1, 1}));
  CHECK(top2.result() == 0.0);
  Precision top4({.top_k = 4});
  top4.update_state(row({0, 0, 1, 1}), row({1, 1, 1, 1}));
  CHECK(top4.result() == Approx(0.5));

  Recall r;
  r.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}));
  CHECK(r.result() == Approx(2.0 / 3.0));
  r.update_state(row({0, 1, 1, 1}), row({1, 0, 1, 1}), row({0, 0, 1, 0}));  // tp 2+1, fn 1+0
  CHECK(r.result() == Approx(3.0 / 4.0));
  r.reset_state();
  CHECK(r.result() == 0.0);  // divide_no_nan
}

TEST_CASE("Precision and Recall with class_id and per-sample weights on (batch, classes) data", "[metrics][confusion]") {
  // By hand, class 1 column: labels 1, 0, 1; predictions 0.6, 0.7, 0.2 -> tp 1, fp 1, fn 1.
  Tensor y = tensor({0, 1, 0, 1, 0, 0, 0, 1, 0}, {3, 3});
  Tensor p = tensor({0.3f, 0.6f, 0.1f, 0.2f, 0.7f, 0.1f, 0.7f, 0.2f, 0.1f}, {3, 3});
  Precision pc({.class_id = 1});
  pc.update_state(y, p);
  CHECK(pc.result() == Approx(0.5));
  Recall rc({.class_id = 1});
  rc.update_state(y, p, row({1, 1, 3}));  // weights per sample: tp 1, fn 3
  CHECK(rc.result() == Approx(0.25));
  // top_k=1 with class_id: row 2's argmax is class 0, so class 1 is never predicted there.
  Recall top1({.top_k = 1, .class_id = 1});
  top1.update_state(y, p);
  CHECK(top1.result() == Approx(0.5));
  // Flattened over every element (no class_id): per-element weights of shape (3, 3).
  Precision all;
  all.update_state(y, p, Tensor::ones({3, 3}));
  CHECK(all.result() == Approx(1.0 / 3.0));  // predictions > 0.5: (0,1) right, (1,1) wrong, (2,0) wrong
  CHECK(pc.get_config()["class_id"] == 1);
  CHECK(pc.get_config()["top_k"].is_null());
  REQUIRE_THROWS_WITH(Precision({.class_id = 0}).update_state(row({1, 0}), row({0.6f, 0.2f})),
                      Catch::Contains("class_id") && Catch::Contains("(2,)"));
  REQUIRE_THROWS_WITH(Precision({.class_id = 5}).update_state(y, p), Catch::Contains("class_id=5"));
}

TEST_CASE("Confusion metrics reject bad thresholds and mismatched shapes", "[metrics][confusion]") {
  REQUIRE_THROWS_WITH(Precision({.thresholds = std::vector<double>{0.5, 1.5}}),
                      Catch::Contains("Threshold values must be in [0, 1]") && Catch::Contains("1.5"));
  REQUIRE_THROWS_AS(TruePositives({.thresholds = std::vector<double>{-0.1}}), ValueError);
  Recall r({.name = "rec"});
  REQUIRE_THROWS_WITH(r.update_state(row({1, 0, 1}), row({0.2f, 0.9f})),
                      Catch::Contains("rec") && Catch::Contains("(3,)") && Catch::Contains("(2,)"));
  REQUIRE_THROWS_WITH(r.update_state(row({1, 0}), row({0.2f, 0.9f}), row({1, 2, 3})),
                      Catch::Contains("sample_weight") && Catch::Contains("(3,)"));
}

TEST_CASE("Precision config round trip keeps thresholds, top_k and class_id", "[metrics][confusion][config]") {
  Precision p({.thresholds = std::vector<double>{0.2, 0.8}, .top_k = 2, .class_id = 1, .name = "pk"});
  Json config = p.get_config();
  CHECK(config == Json::parse(R"({"name": "pk", "dtype": "float32", "thresholds": [0.2, 0.8], "top_k": 2,
                                  "class_id": 1})"));
  auto back = deserialize({{"class_name", "Precision"}, {"config", config}});
  CHECK(back->class_name() == "Precision");
  CHECK(back->get_config() == config);
  // Same counts from both.
  Tensor y = tensor({0, 1, 0, 1, 0, 0}, {2, 3}), q = tensor({0.3f, 0.9f, 0.1f, 0.4f, 0.5f, 0.1f}, {2, 3});
  p.update_state(y, q);
  back->update_state(y, q);
  check_close(back->result_tensor(), p.result_tensor());
}

TEST_CASE("Sensitivity/specificity family matches Keras' docstrings", "[metrics][confusion]") {
  Tensor y = row({0, 0, 0, 1, 1}), p = row({0, 0.3f, 0.8f, 0.3f, 0.8f});
  SensitivityAtSpecificity sens(0.5);
  sens.update_state(y, p);
  CHECK(sens.result() == Approx(0.5));
  sens.reset_state();
  sens.update_state(y, p, row({1, 1, 2, 2, 1}));
  CHECK(sens.result() == Approx(1.0 / 3.0));

  SpecificityAtSensitivity spec(0.5);
  spec.update_state(y, p);
  CHECK(spec.result() == Approx(2.0 / 3.0));
  spec.reset_state();
  spec.update_state(y, p, row({1, 1, 2, 2, 2}));
  CHECK(spec.result() == Approx(0.5));

  PrecisionAtRecall par(0.5);
  par.update_state(y, p);
  CHECK(par.result() == Approx(0.5));
  par.reset_state();
  par.update_state(y, p, row({2, 2, 2, 1, 1}));
  CHECK(par.result() == Approx(1.0 / 3.0));

  RecallAtPrecision rap(0.8);
  rap.update_state(row({0, 0, 1, 1}), row({0, 0.5f, 0.3f, 0.9f}));
  CHECK(rap.result() == Approx(0.5));
  rap.reset_state();
  rap.update_state(row({0, 0, 1, 1}), row({0, 0.5f, 0.3f, 0.9f}), row({1, 0, 0, 1}));
  CHECK(rap.result() == Approx(1.0));

  Json config = RecallAtPrecision(0.8, {.num_thresholds = 50, .class_id = 2, .name = "rap"}).get_config();
  CHECK(config == Json::parse(R"({"name": "rap", "dtype": "float32", "class_id": 2, "num_thresholds": 50,
                                  "precision": 0.8})"));
  CHECK(deserialize({{"class_name", "RecallAtPrecision"}, {"config", config}})->get_config() == config);
  REQUIRE_THROWS_WITH(SensitivityAtSpecificity(1.5),
                      Catch::Contains("Argument `specificity` must be in the range [0, 1]"));
  REQUIRE_THROWS_WITH(PrecisionAtRecall(0.5, {.num_thresholds = 0}), Catch::Contains("num_thresholds=0"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "PrecisionAtRecall", "config": {}})")),
                      Catch::Contains("'recall'") && Catch::Contains("required"));
}
