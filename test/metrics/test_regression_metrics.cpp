// Regression metrics. Expected values: by hand, or numpy transcriptions of the Keras 3 loss
// functions and of keras.metrics.R2Score (keras/src/metrics/regression_metrics.py), float64.

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

namespace {

// Errors p - t: [0.5, -1], [-1, 1.5].
Tensor reg_true() { return tensor({1, 2, 3, -1}, {2, 2}); }
Tensor reg_pred() { return tensor({1.5f, 1, 2, 0.5f}, {2, 2}); }

}  // namespace

TEST_CASE("RootMeanSquaredError is the sqrt of the weighted mean of per-sample squared errors",
          "[metrics][regression]") {
  RootMeanSquaredError rmse;
  CHECK(rmse.name() == "root_mean_squared_error");
  rmse.update_state(reg_true(), reg_pred());
  CHECK(rmse.result() == Approx(std::sqrt((0.25 + 1 + 1 + 2.25) / 4)));
  rmse.reset_state();
  rmse.update_state(reg_true(), reg_pred(), tensor({1, 3}, {2}));
  CHECK(rmse.result() == Approx(1.1726039399558574));
  REQUIRE_THROWS_AS(rmse.update_state(Tensor::zeros({2, 3}), reg_pred()), ShapeError);
}

TEST_CASE("MAPE, MSLE, LogCoshError and CosineSimilarity reuse the loss formulas", "[metrics][regression]") {
  MeanAbsolutePercentageError mape;
  mape.update_state(reg_true(), reg_pred());
  CHECK(mape.result() == Approx(70.83333333333333));
  MeanSquaredLogarithmicError msle;
  msle.update_state(reg_true(), reg_pred());
  CHECK(msle.result() == Approx(0.11533946149914806).epsilon(1e-5));
  LogCoshError logcosh;
  CHECK(logcosh.name() == "logcosh");
  logcosh.update_state(reg_true(), reg_pred());
  CHECK(logcosh.result() == Approx(0.4607790847345321).epsilon(1e-5));
  // The metric is +cos (the loss is its negative).
  CosineSimilarity cosine;
  cosine.update_state(reg_true(), reg_pred());
  CHECK(cosine.result() == Approx(0.8559523149282833).epsilon(1e-5));
  CosineSimilarity columns("cos0", 0);
  columns.update_state(reg_true(), reg_pred());
  CHECK(columns.result() == Approx((0.9486833 + 0.6) / 2).epsilon(1e-5));
  Json config = columns.get_config();
  CHECK(config == Json::parse(R"({"name": "cos0", "dtype": "float32", "axis": 0})"));
  CHECK(deserialize({{"class_name", "CosineSimilarity"}, {"config", config}})->get_config() == config);
  CHECK(get("mape")->class_name() == "MeanAbsolutePercentageError");
  CHECK(get("MSLE")->class_name() == "MeanSquaredLogarithmicError");
  CHECK(get("log_cosh_error")->class_name() == "LogCoshError");
  REQUIRE_THROWS_AS(get("rmse"), ValueError);  // Keras has no such alias
}

TEST_CASE("R2Score aggregations, adjusted score and sample weights", "[metrics][regression]") {
  Tensor t = tensor({1, 10, 2, 14, 3, 11, 4, 20, 5, 15}, {5, 2});
  Tensor p = tensor({1.2f, 11, 1.9f, 12, 3.5f, 12, 3.6f, 18, 5.1f, 16}, {5, 2});
  R2Score uniform;
  CHECK(uniform.name() == "r2_score");
  uniform.update_state(ops::slice_axis(t, 0, 0, 2), ops::slice_axis(p, 0, 0, 2));
  uniform.update_state(ops::slice_axis(t, 0, 2, 5), ops::slice_axis(p, 0, 2, 5));
  CHECK(uniform.result() == Approx(0.8877903225806452).epsilon(1e-5));
  R2Score variance({.class_aggregation = "variance_weighted_average"});
  variance.update_state(t, p);
  CHECK(variance.result() == Approx(0.8406944444444444).epsilon(1e-5));
  R2Score none({.class_aggregation = std::nullopt});
  none.update_state(t, p);
  check_close(none.result_tensor(), {0.953, 0.8225806452}, 1e-5);
  R2Score adjusted({.num_regressors = 2});
  adjusted.update_state(t, p);
  CHECK(adjusted.result() == Approx(0.7755806451612903).epsilon(1e-5));
  R2Score weighted;
  weighted.update_state(t, p, tensor({1, 0, 2, 1, 0.5f}, {5}));
  CHECK(weighted.result() == Approx(0.8943149882903981).epsilon(1e-5));
  weighted.reset_state();
  CHECK(std::isnan(weighted.result()));  // 0/0 after a reset, as in Keras

  REQUIRE_THROWS_WITH(R2Score({.class_aggregation = "median"}), Catch::Contains("class_aggregation=median"));
  REQUIRE_THROWS_WITH(R2Score({.num_regressors = -1}), Catch::Contains("num_regressors=-1"));
  REQUIRE_THROWS_WITH(uniform.update_state(tensor({1, 2}, {2}), tensor({1, 2}, {2})),
                      Catch::Contains("expects 2D inputs"));
  REQUIRE_THROWS_AS(uniform.update_state(Tensor::zeros({2, 3}), Tensor::zeros({2, 3})), ShapeError);
  Json config = R2Score({.class_aggregation = std::nullopt, .num_regressors = 1, .name = "r2"}).get_config();
  CHECK(config ==
        Json::parse(R"({"name": "r2", "dtype": "float32", "class_aggregation": null, "num_regressors": 1})"));
  CHECK(deserialize({{"class_name", "R2Score"}, {"config", config}})->get_config() == config);
}
