// AUC. Small cases are worked by hand in the comments (threshold lists, counts, then the
// Riemann sum); the larger case checks against an independent oracle: with every prediction
// in its own threshold bucket, the ROC trapezoid equals the exact Mann-Whitney AUC, and the
// interpolated PR-AUC equals Keras' interpolate_pr_auc formula evaluated in numpy on counts
// taken directly from "y_pred > t" (/usr/bin/python3, numpy 1.24; script in the report).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

Tensor row(const std::vector<float>& v) { return tensor(v, {static_cast<std::int64_t>(v.size())}); }

// thresholds with num_thresholds=3: [-1e-7, 0.5, 1 + 1e-7].
// Unweighted: tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2].
// Weighted by [1, 2, 3, 4]: tp = [7, 4, 0], fp = [3, 0, 0], fn = [0, 3, 7], tn = [0, 3, 3].
Tensor labels() { return row({0, 0, 1, 1}); }
Tensor scores() { return row({0, 0.5f, 0.3f, 0.9f}); }
Tensor weights() { return row({1, 2, 3, 4}); }

}  // namespace

TEST_CASE("AUC ROC with interpolation, minoring and majoring", "[metrics][auc]") {
  AUC roc({.num_thresholds = 3});
  roc.update_state(labels(), scores());
  // recall = [1, 0.5, 0], fpr = [1, 0, 0]: (1 - 0) * (1 + 0.5) / 2 = 0.75.
  CHECK(roc.result() == Approx(0.75));
  roc.reset_state();
  roc.update_state(labels(), scores(), weights());
  // recall = [1, 4/7, 0], fpr = [1, 0, 0]: (1 + 4/7) / 2.
  CHECK(roc.result() == Approx((1.0 + 4.0 / 7.0) / 2.0));
  AUC major({.num_thresholds = 3, .summation_method = "majoring"});
  major.update_state(labels(), scores(), weights());
  CHECK(major.result() == Approx(1.0));
  AUC minor({.num_thresholds = 3, .summation_method = "minoring"});
  minor.update_state(labels(), scores(), weights());
  CHECK(minor.result() == Approx(4.0 / 7.0));
  // Perfect predictions with the default 200 thresholds.
  AUC perfect;
  perfect.update_state(labels(), labels());
  CHECK(perfect.result() == Approx(1.0));
}

TEST_CASE("AUC PR: Keras' interpolated formula and Riemann sums", "[metrics][auc]") {
  AUC pr({.num_thresholds = 3, .curve = "PR"});
  pr.update_state(labels(), scores(), weights());
  // P = tp + fp = [10, 4, 0]; dTP = [3, 4]; dP = [6, 4]; slope = [0.5, 1];
  // intercept = tp[1:] - slope * P[1:] = [2, 0]; P ratio = [10/4, 1 (P=0)];
  // increments = slope * (dTP + intercept * log(ratio)) / (tp[1:] + fn[1:]).
  const double expected = 0.5 * (3 + 2 * std::log(2.5)) / 7 + 1.0 * 4 / 7;
  CHECK(pr.result() == Approx(expected));
  AUC pr_major({.num_thresholds = 3, .curve = "pr", .summation_method = "majoring"});
  pr_major.update_state(labels(), scores(), weights());
  // precision = [0.7, 1, 0], recall = [1, 4/7, 0]: 1 * 3/7 + 1 * 4/7.
  CHECK(pr_major.result() == Approx(1.0));
  AUC pr_minor({.num_thresholds = 3, .curve = "PR", .summation_method = "minoring"});
  pr_minor.update_state(labels(), scores(), weights());
  CHECK(pr_minor.result() == Approx(0.7 * 3.0 / 7.0));
  // Negative weights make every denominator max(tp + fn, 0) zero: divide_no_nan gives 0.
  AUC negative({.num_thresholds = 3, .curve = "PR"});
  negative.update_state(labels(), scores(), ops::negative(weights()));
  CHECK(negative.result() == 0.0);
}

TEST_CASE("AUC PRGAIN follows Keras' recall/precision gains", "[metrics][auc]") {
  // scaling = P/N = 7/3; recall_gain = [1, 1 - 7/3 * 3/4 -> 0, 0 (tp = 0)],
  // precision_gain = [1 - 7/3 * 3/7 = 0, 1, 1 (tp = 0)].
  AUC gain({.num_thresholds = 3, .curve = "PRGAIN"});
  gain.update_state(labels(), scores(), weights());
  CHECK(gain.result() == Approx(0.5));  // (1 - 0) * (0 + 1) / 2
  AUC gain_min({.num_thresholds = 3, .curve = "PRGAIN", .summation_method = "minoring"});
  gain_min.update_state(labels(), scores(), weights());
  CHECK(gain_min.result() == Approx(0.0).margin(1e-12));
}

TEST_CASE("AUC with 200 thresholds equals the exact ROC AUC when buckets separate the predictions",
          "[metrics][auc]") {
  Tensor p = row({0.0527638197f, 0.29396984f, 0.806532681f, 0.856783926f, 0.650753796f, 0.866834164f, 0.746231139f,
                  0.590452254f, 0.218592972f, 0.555276394f, 0.886934698f, 0.283919603f});
  Tensor y = row({0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1});
  Tensor w = row({3, 3, 2, 2, 3, 2, 1, 3, 1, 3, 2, 1});
  AUC roc;
  // Two batches accumulate like one.
  roc.update_state(ops::slice_axis(y, 0, 0, 5), ops::slice_axis(p, 0, 0, 5));
  roc.update_state(ops::slice_axis(y, 0, 5, 12), ops::slice_axis(p, 0, 5, 12));
  CHECK(roc.result() == Approx(0.4375));  // Mann-Whitney, by pair counting
  AUC weighted;
  weighted.update_state(y, p, w);
  CHECK(weighted.result() == Approx(0.46875));
  AUC pr({.curve = "PR"});
  pr.update_state(y, p);
  CHECK(pr.result() == Approx(0.6662300473190587).epsilon(1e-6));
  pr.reset_state();
  pr.update_state(y, p, w);
  CHECK(pr.result() == Approx(0.6352390423856308).epsilon(1e-6));
  AUC pr_major({.curve = "PR", .summation_method = "majoring"});
  pr_major.update_state(y, p);
  CHECK(pr_major.result() == Approx(0.6946293290043289).epsilon(1e-6));
  // Explicit thresholds that are not evenly spaced take the direct comparison path: with
  // thresholds between every pair of sorted predictions the ROC is exact again.
  std::vector<float> pv = p.to_vector<float>();
  std::sort(pv.begin(), pv.end());
  std::vector<double> mids;
  for (std::size_t i = 0; i + 1 < pv.size(); ++i) mids.push_back((pv[i] + pv[i + 1]) / 2.0);
  AUC manual({.thresholds = mids});
  manual.update_state(y, p);
  CHECK(manual.result() == Approx(0.4375));
}

TEST_CASE("AUC multi_label averages per-label areas, optionally by label_weights", "[metrics][auc]") {
  // Columns: label 0 scores [0, 0.5, 0.3, 0.9], label 1 scores [0.1, 0.2, 0.3, 0.4]; both
  // targets [0, 0, 1, 1]. Thresholds [-eps, 0.25, 0.5, 0.75, 1 + eps].
  // Label 0: tpr = [1, 1, .5, .5, 0], fpr = [1, .5, 0, 0, 0] -> 0.5 * 1 + 0.5 * 0.75 = 0.875.
  // Label 1: tpr = [1, 1, 0, 0, 0], fpr = [1, 0, 0, 0, 0] -> 1.
  Tensor y = tensor({0, 0, 0, 0, 1, 1, 1, 1}, {4, 2});
  Tensor p = tensor({0, 0.1f, 0.5f, 0.2f, 0.3f, 0.3f, 0.9f, 0.4f}, {4, 2});
  AUC multi({.num_thresholds = 5, .multi_label = true});
  multi.update_state(y, p);
  CHECK(multi.result() == Approx((0.875 + 1.0) / 2));
  AUC weighted({.num_thresholds = 5, .multi_label = true, .label_weights = std::vector<double>{0.75, 0.25}});
  weighted.update_state(y, p);
  CHECK(weighted.result() == Approx(0.875 * 0.75 + 1.0 * 0.25));
  // from_logits: the same scores as logits.
  Tensor logits = ops::log(ops::divide(ops::add(p, Tensor::scalar(1e-12f)),
                                       ops::subtract(Tensor::scalar(1.0f + 1e-12f), p)));
  AUC from_logits({.num_thresholds = 5, .multi_label = true, .from_logits = true});
  from_logits.update_state(y, logits);
  CHECK(from_logits.result() == Approx((0.875 + 1.0) / 2).epsilon(1e-4));
  // Flattened with per-sample weights [1, 2, 3, 4] broadcast over both labels:
  // positives: 0.3 (w3), 0.3 (w3), 0.9 (w4), 0.4 (w4) -> tp over thresholds = [14, 14, 4, 4, 0];
  // negatives: 0 (1), 0.1 (1), 0.5 (2), 0.2 (2) -> fp = [6, 2, 0, 0, 0].
  AUC flat({.num_thresholds = 5});
  flat.update_state(y, p, weights());
  const double r = 4.0 / 14.0, f = 2.0 / 6.0;
  // ROC = (1 - f) * (1 + 1) / 2 + f * (1 + r) / 2 = 1 - f * (1 - r) / 2.
  CHECK(flat.result() == Approx(1.0 - f * (1.0 - r) / 2.0));
}

TEST_CASE("AUC validates its arguments and input shapes", "[metrics][auc]") {
  REQUIRE_THROWS_WITH(AUC({.curve = "ROCK"}), Catch::Contains("Invalid AUC curve value: \"ROCK\""));
  REQUIRE_THROWS_WITH(AUC({.summation_method = "trapezoid"}), Catch::Contains("Invalid AUC summation method"));
  REQUIRE_THROWS_WITH(AUC({.num_thresholds = 1}), Catch::Contains("num_thresholds=1"));
  REQUIRE_THROWS_WITH(AUC({.num_labels = 3}), Catch::Contains("`num_labels` is needed only when `multi_label`"));
  AUC multi({.multi_label = true});
  REQUIRE_THROWS_WITH(multi.update_state(row({0, 1}), row({0.2f, 0.8f})),
                      Catch::Contains("`y_pred` must have rank 2 when `multi_label=True`"));
  AUC two({.multi_label = true, .num_labels = 2});
  REQUIRE_THROWS_AS(two.update_state(Tensor::zeros({4, 3}), Tensor::zeros({4, 3})), ShapeError);
  AUC flat({.name = "flat_auc"});
  REQUIRE_THROWS_WITH(flat.update_state(row({0, 1, 1}), row({0.2f, 0.8f})), Catch::Contains("flat_auc"));
}

TEST_CASE("AUC config round trip", "[metrics][auc][config]") {
  AUC auc({.num_thresholds = 100, .curve = "pr", .summation_method = "Majoring", .name = "auc_1",
           .multi_label = true, .num_labels = 2, .from_logits = true});
  Json config = auc.get_config();
  CHECK(config == Json::parse(R"({"name": "auc_1", "dtype": "float32", "num_thresholds": 100, "curve": "PR",
      "summation_method": "majoring", "multi_label": true, "num_labels": 2, "label_weights": null,
      "from_logits": true})"));
  auto back = deserialize({{"class_name", "AUC"}, {"config", config}});
  CHECK(back->get_config() == config);

  AUC manual({.name = "m", .thresholds = std::vector<double>{0.5, 0.3}});
  CHECK(manual.get_config()["num_thresholds"] == 4);
  CHECK(manual.get_config()["thresholds"] == Json::parse("[0.3, 0.5]"));
  CHECK(manual.thresholds().size() == 4);
  CHECK(manual.thresholds()[0] < 0.0);
  CHECK(manual.thresholds()[3] > 1.0);
  auto manual_back = deserialize({{"class_name", "AUC"}, {"config", manual.get_config()}});
  CHECK(manual_back->get_config() == manual.get_config());
  manual.update_state(labels(), scores());
  manual_back->update_state(labels(), scores());
  CHECK(manual_back->result() == Approx(manual.result()));
}
