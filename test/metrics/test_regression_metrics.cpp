#include <catch2/catch.hpp>
#include <cmath>

#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

TEST_CASE("MeanSquaredError metric is the running mean of per-sample squared errors", "[metrics][regression]") {
  MeanSquaredError mse;
  CHECK(mse.name() == "mean_squared_error");
  CHECK(mse.class_name() == "MeanSquaredError");
  // Per-sample: mean(1, 4) = 2.5, mean(0, 0.25) = 0.125.
  mse.update_state(tensor({0, 0, 1, 1}, {2, 2}), tensor({1, -2, 1, 1.5f}, {2, 2}));
  CHECK(mse.result() == Approx(2.625 / 2));
  // A second batch of one sample: 9.
  mse.update_state(tensor({0, 0}, {1, 2}), tensor({3, 3}, {1, 2}));
  CHECK(mse.result() == Approx((2.625 + 9) / 3));
  // Weighted: 2.5 * 2 + 0.125 * 0 on top.
  mse.update_state(tensor({0, 0, 1, 1}, {2, 2}), tensor({1, -2, 1, 1.5f}, {2, 2}), tensor({2, 0}, {2}));
  CHECK(mse.result() == Approx((2.625 + 9 + 5) / 5));
  mse.reset_state();
  CHECK(mse.result() == 0.0);
}

TEST_CASE("MeanAbsoluteError metric is the running mean of per-sample absolute errors", "[metrics][regression]") {
  MeanAbsoluteError mae;
  CHECK(mae.name() == "mean_absolute_error");
  // y_true (N,) against y_pred (N, 1): |e| = 0.5, 1, 3.
  mae.update_state(tensor({1, 2, 3}, {3}), tensor({1.5f, 1, 0}, {3, 1}));
  CHECK(mae.result() == Approx(4.5 / 3));
  mae.update_state(tensor({1, 2, 3}, {3}), tensor({1.5f, 1, 0}, {3, 1}), tensor({0, 0, 1}, {3, 1}));
  CHECK(mae.result() == Approx(7.5 / 4));
  REQUIRE_THROWS_AS(mae.update_state(Tensor::zeros({3, 2}), Tensor::zeros({3, 3})), ShapeError);
}

TEST_CASE("metrics::get names a metric after the string it was given", "[metrics][registry]") {
  auto mse = get("mse");
  CHECK(mse->name() == "mse");
  CHECK(mse->class_name() == "MeanSquaredError");
  CHECK(get("MSE")->class_name() == "MeanSquaredError");
  CHECK(get("mae")->name() == "mae");
  CHECK(get("mean_absolute_error")->class_name() == "MeanAbsoluteError");
  CHECK(get("SparseCategoricalAccuracy")->name() == "SparseCategoricalAccuracy");
  CHECK(get("binary_accuracy")->class_name() == "BinaryAccuracy");
  CHECK(get("categorical_accuracy")->class_name() == "CategoricalAccuracy");
  CHECK(get("Accuracy")->class_name() == "Accuracy");
  // Two gets are independent objects with their own state.
  auto a = get("mse"), b = get("mse");
  a->update_state(tensor({0}, {1}), tensor({2}, {1}));
  CHECK(a->result() == Approx(4.0));
  CHECK(b->result() == 0.0);
  REQUIRE_THROWS_WITH(get("mean_sq_error"),
                      Catch::Contains("Unknown metric 'mean_sq_error'") && Catch::Contains("mean_squared_error"));
}
