// F1Score / FBetaScore. Expected values: counted by hand in the comments, and checked with a
// numpy transcription of keras/src/metrics/f_score_metrics.py (float64, epsilon 1e-7).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

// Targets: classes 1, 0, 2, 1, 0. Argmax predictions: 1, 0, 0, 2, 0.
// Class 0: tp 2, fp 1, fn 0 -> F1 0.8; class 1: tp 1, fp 0, fn 1 -> 2/3; class 2: 0.
Tensor targets() { return tensor({0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0}, {5, 3}); }
Tensor scores() {
  return tensor({0.2f, 0.6f, 0.2f, 0.5f, 0.3f, 0.2f, 0.7f, 0.1f, 0.2f, 0.1f, 0.1f, 0.8f, 0.6f, 0.4f, 0.0f}, {5, 3});
}

}  // namespace

TEST_CASE("F1Score per class, micro, macro and weighted", "[metrics][f_score]") {
  F1Score none;
  CHECK(none.name() == "f1_score");
  none.update_state(targets(), scores());
  check_close(none.result_tensor(), {0.8, 2.0 / 3.0, 0.0}, 1e-6);
  CHECK(none.result() == Approx((0.8 + 2.0 / 3.0) / 3).epsilon(1e-6));  // logged: the mean
  F1Score micro({.average = "micro"});
  micro.update_state(targets(), scores());
  // Global tp 3, fp 2, fn 2: precision = recall = 0.6.
  CHECK(micro.result() == Approx(0.6).epsilon(1e-6));
  CHECK(micro.result_tensor().rank() == 0);
  F1Score macro({.average = "macro"});
  macro.update_state(targets(), scores());
  CHECK(macro.result() == Approx(0.4888888325925957).epsilon(1e-6));
  F1Score weighted({.average = "weighted"});
  weighted.update_state(targets(), scores());
  // Support 2, 2, 1: (0.8 * 2 + 2/3 * 2) / 5.
  CHECK(weighted.result() == Approx(0.586666587377783).epsilon(1e-6));
}

TEST_CASE("FBetaScore with a threshold, sample weights and several batches", "[metrics][f_score]") {
  // threshold 0.3 (strictly greater): class 0 predicted in rows 1, 2, 4 -> tp 2, fp 1, fn 0;
  // class 1 in rows 0, 4 -> tp 1, fp 1, fn 1; class 2 in row 3 -> fp 1, fn 1.
  // F2 = 5 P R / (4 P + R): class 0 = 10/11, class 1 = 0.5, class 2 = 0.
  FBetaScore f2({.beta = 2.0, .threshold = 0.3});
  CHECK(f2.name() == "fbeta_score");
  f2.update_state(targets(), scores());
  check_close(f2.result_tensor(), {0.909090843, 0.499999955, 0.0}, 1e-6);
  // Weights per sample [1, 2, 0.5, 0, 3] (numpy reference).
  F1Score macro({.average = "macro"});
  macro.update_state(targets(), scores(), tensor({1, 2, 0.5f, 0, 3}, {5}));
  CHECK(macro.result() == Approx(0.6507935781179189).epsilon(1e-6));
  // Counts accumulate over batches: two halves give the one-batch result.
  F1Score split;
  split.update_state(ops::slice_axis(targets(), 0, 0, 2), ops::slice_axis(scores(), 0, 0, 2));
  split.update_state(ops::slice_axis(targets(), 0, 2, 5), ops::slice_axis(scores(), 0, 2, 5));
  check_close(split.result_tensor(), {0.8, 2.0 / 3.0, 0.0}, 1e-6);
  split.reset_state();
  check_close(split.result_tensor(), {0, 0, 0});
}

TEST_CASE("F-scores reject bad arguments and shapes", "[metrics][f_score]") {
  REQUIRE_THROWS_WITH(F1Score({.average = "mean"}), Catch::Contains("Invalid `average` argument value"));
  REQUIRE_THROWS_WITH(FBetaScore({.beta = 0.0}), Catch::Contains("beta=0"));
  REQUIRE_THROWS_WITH(F1Score({.threshold = 1.5}), Catch::Contains("0 < threshold <= 1"));
  F1Score f;
  REQUIRE_THROWS_WITH(f.update_state(tensor({1, 0}, {2}), tensor({0.2f, 0.8f}, {2})),
                      Catch::Contains("expects 2D inputs"));
  f.update_state(targets(), scores());
  REQUIRE_THROWS_WITH(f.update_state(Tensor::zeros({2, 4}), Tensor::zeros({2, 4})), Catch::Contains("3 classes"));
  REQUIRE_THROWS_AS(f.update_state(targets(), scores(), tensor({1, 2}, {2})), ShapeError);
}

TEST_CASE("F-score configs round trip", "[metrics][f_score][config]") {
  FBetaScore f({.average = "weighted", .beta = 0.5, .threshold = 0.4, .name = "fb"});
  Json config = f.get_config();
  CHECK(config == Json::parse(
                      R"({"name": "fb", "dtype": "float32", "average": "weighted", "beta": 0.5, "threshold": 0.4})"));
  CHECK(deserialize({{"class_name", "FBetaScore"}, {"config", config}})->get_config() == config);
  Json f1 = F1Score().get_config();
  CHECK(f1 == Json::parse(R"({"name": "f1_score", "dtype": "float32", "average": null, "threshold": null})"));
  auto back = deserialize({{"class_name", "F1Score"}, {"config", f1}});
  CHECK(back->class_name() == "F1Score");
  CHECK(back->get_config() == f1);
}
