#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/compile_config.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

TEST_CASE("Mean::update accumulates weighted values", "[metrics][mean]") {
  Mean mean("loss");
  CHECK(mean.name() == "loss");
  CHECK(mean.class_name() == "Mean");
  CHECK(mean.result() == 0.0);  // empty: 0, not NaN
  mean.update(2.0);
  mean.update(5.0);
  CHECK(mean.result() == Approx(3.5));
  // The loss tracker adds batch loss x batch size: (2 + 5 + 1.0 * 8) / (1 + 1 + 8).
  mean.update(1.0, 8.0);
  CHECK(mean.result() == Approx(15.0 / 10.0));
  mean.update(100.0, 0.0);  // zero weight changes nothing
  CHECK(mean.result() == Approx(1.5));
  mean.reset_state();
  CHECK(mean.result() == 0.0);
  mean.update(-4.0, 2.0);
  CHECK(mean.result() == Approx(-4.0));
}

TEST_CASE("Mean::update_state reduces each sample to one value, then weights samples", "[metrics][mean]") {
  Mean mean;
  CHECK(mean.name() == "mean");
  mean.update_state(tensor({1, 2, 3}, {3}), Tensor());
  CHECK(mean.result() == Approx(2.0));
  // (2, 2) values: per-sample means 1.5 and 5.5.
  mean.update_state(tensor({1, 2, 5, 6}, {2, 2}), Tensor());
  CHECK(mean.result() == Approx((6.0 + 7.0) / 5.0));
  // A scalar counts as one sample.
  mean.update_state(Tensor::scalar(7.0f), Tensor());
  CHECK(mean.result() == Approx(20.0 / 6.0));

  Mean weighted;
  weighted.update_state(tensor({1, 2, 5, 6}, {2, 2}), Tensor(), tensor({1, 3}, {2}));
  CHECK(weighted.result() == Approx((1.5 + 3 * 5.5) / 4.0));
  weighted.update_state(tensor({10}, {1}), Tensor(), tensor({4}, {1, 1}));
  CHECK(weighted.result() == Approx((18.0 + 40.0) / 8.0));
  REQUIRE_THROWS_WITH(weighted.update_state(tensor({1, 2}, {2}), Tensor(), tensor({1, 2, 3}, {3})),
                      Catch::Contains("'mean'") && Catch::Contains("(3,)"));
}

TEST_CASE("MeanMetricWrapper averages any per-sample function", "[metrics][mean]") {
  // Per-sample max error.
  MeanMetricWrapper m([](const Tensor& t, const Tensor& p) { return ops::max(ops::abs(ops::subtract(p, t)), {-1}); },
                      "max_error");
  CHECK(m.name() == "max_error");
  CHECK(m.class_name() == "MeanMetricWrapper");
  m.update_state(tensor({0, 0, 0, 0}, {2, 2}), tensor({1, -3, 0.5f, 0.25f}, {2, 2}));
  CHECK(m.result() == Approx((3.0 + 0.5) / 2.0));
  m.update_state(tensor({0, 0}, {1, 2}), tensor({2, 0}, {1, 2}), tensor({3}, {1}));
  CHECK(m.result() == Approx((3.5 + 6.0) / 5.0));
  CHECK(m.get_config() == Json{{"name", "max_error"}, {"dtype", "float32"}});
}

TEST_CASE("MetricArg('accuracy') picks the accuracy that fits the data, keeping its name", "[metrics][registry]") {
  MetricArg acc("accuracy");
  auto binary = acc.resolve({8}, {8, 1});
  CHECK(binary->class_name() == "BinaryAccuracy");
  CHECK(binary->name() == "accuracy");
  CHECK(acc.resolve({8, 1}, {8, 1})->class_name() == "BinaryAccuracy");
  auto sparse = acc.resolve({8}, {8, 10});
  CHECK(sparse->class_name() == "SparseCategoricalAccuracy");
  CHECK(sparse->name() == "accuracy");
  CHECK(acc.resolve({8, 1}, {8, 10})->class_name() == "SparseCategoricalAccuracy");
  auto categorical = acc.resolve({8, 10}, {8, 10});
  CHECK(categorical->class_name() == "CategoricalAccuracy");
  CHECK(categorical->name() == "accuracy");
  auto short_name = MetricArg("acc").resolve({8}, {8, 10});
  CHECK(short_name->class_name() == "SparseCategoricalAccuracy");
  CHECK(short_name->name() == "acc");
  // Each resolve gives a fresh metric.
  CHECK(acc.resolve({8}, {8, 10}) != sparse);

  auto mse = MetricArg("mse").resolve({8}, {8, 1});
  CHECK(mse->class_name() == "MeanSquaredError");
  CHECK(mse->name() == "mse");
  auto object = std::make_shared<BinaryAccuracy>("bin", 0.3);
  CHECK(MetricArg(object).resolve({8, 10}, {8, 10}) == object);
  CHECK(MetricArg(CategoricalAccuracy("cat")).resolve({8}, {8, 1})->name() == "cat");
  REQUIRE_THROWS_AS(MetricArg("accuracyy").resolve({8}, {8, 1}), ValueError);
}

TEST_CASE("metrics::names lists the registry and the shape-dependent 'accuracy'", "[metrics][registry]") {
  std::vector<std::string> n = names();
  CHECK(std::is_sorted(n.begin(), n.end()));
  for (const char* expected : {"accuracy", "acc", "mse", "sparse_categorical_accuracy", "BinaryAccuracy"}) {
    INFO(expected);
    CHECK(std::find(n.begin(), n.end(), expected) != n.end());
  }
}

TEST_CASE("Sum adds weighted values", "[metrics][mean]") {
  Sum sum;
  CHECK(sum.name() == "sum");
  sum.update_state(tensor({1, 2, 3, 4}, {2, 2}), Tensor());
  CHECK(sum.result() == 10.0);
  sum.update_state(tensor({1, 2, 3, 4}, {2, 2}), Tensor(), tensor({2, 0}, {2}));  // rows weighted: 2*(1+2)
  CHECK(sum.result() == 16.0);
  REQUIRE_THROWS_AS(sum.update_state(tensor({1, 2}, {2}), Tensor(), tensor({1, 2, 3}, {3})), ShapeError);
  REQUIRE_THROWS_AS(sum.update_state(tensor({1, 2}, {2}), Tensor(), Tensor::ones({2, 2, 2})), ShapeError);
  sum.reset_state();
  CHECK(sum.result() == 0.0);
}

TEST_CASE("Every registered metric serializes and deserializes to the same config", "[metrics][registry][config]") {
  int rebuilt = 0;
  for (const std::string& name : names()) {
    if (name == "accuracy" || name == "acc") continue;
    INFO(name);
    std::shared_ptr<Metric> m;
    try {
      m = get(name);
    } catch (const ValueError& e) {
      // IoU, MeanIoU, PrecisionAtRecall, ... need an argument; the message names it.
      CHECK_THAT(e.what(), Catch::Contains("is required"));
      continue;
    }
    CHECK(m->name() == name);
    Json json = serialize(*m);
    CHECK(json["module"] == "keras.metrics");
    CHECK(json["class_name"] == m->class_name());
    auto back = deserialize(json);
    CHECK(back->class_name() == m->class_name());
    CHECK(back->get_config() == m->get_config());
    ++rebuilt;
  }
  CHECK(rebuilt > 60);
  for (const char* alias : {"auc", "AUC", "precision", "recall", "f1_score", "f_beta_score", "r2_score",
                            "true_positives", "mean_io_u", "one_hot_mean_io_u", "kl_divergence", "MAPE"}) {
    CHECK(is_registered(alias));
  }
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"config": {}})")), Catch::Contains("class_name"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Precision", "config": {"top_k": "two"}})")),
                      Catch::Contains("'top_k'"));
}

TEST_CASE("compile(metrics=...) + fit reports the new metrics under Keras' names", "[metrics][fit]") {
  Sequential model({Input({3}), layers::Dense(1, "sigmoid")});
  model.compile({.optimizer = "sgd",
                 .loss = "binary_crossentropy",
                 .metrics = {"auc", "precision", MetricArg(metrics::Recall({.thresholds = std::vector<double>{0.3},
                                                                            .name = "recall_at_03"})),
                             "f1_score"}});
  Tensor x = testing::random_tensor({16, 3}, -1, 1, 3);
  Tensor y = tensor({1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0}, {16, 1});
  auto history = model.fit(x, y, {.batch_size = 8, .epochs = 2, .verbose = 0});
  for (const char* key : {"loss", "auc", "precision", "recall_at_03", "f1_score"}) {
    INFO(key);
    REQUIRE(history.history.count(key) == 1);
    CHECK(history.history.at(key).size() == 2);
  }
  // The logged AUC is the AUC of the epoch's predictions: evaluate recomputes it from scratch.
  auto result = model.evaluate(x, y, {.batch_size = 16, .verbose = 0});
  AUC check;
  check.update_state(y, model.predict(x, {.verbose = 0}));
  CHECK(result["auc"] == Approx(check.result()));
}

TEST_CASE("compile_config rebuilds metrics with their arguments", "[metrics][config]") {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({3}), layers::Dense(2)});
  model->compile({.optimizer = "sgd",
                  .loss = "mse",
                  .metrics = {MetricArg(metrics::Precision({.thresholds = std::vector<double>{0.2, 0.7}, .name = "p"})),
                              MetricArg(metrics::MeanIoU(2, {.name = "miou", .ignore_class = 1}))}});
  Json config = compile_config(*model);
  auto other = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({3}), layers::Dense(2)});
  compile_from_config(*other, config, "test");
  const CompileOptions options = other->compile_options();
  const auto& rebuilt = options.metrics.flat();
  REQUIRE(rebuilt.size() == 2);
  CHECK(rebuilt[0].object()->get_config()["thresholds"] == Json::parse("[0.2, 0.7]"));
  CHECK(rebuilt[1].object()->get_config()["num_classes"] == 2);
  CHECK(rebuilt[1].object()->get_config()["ignore_class"] == 1);
  CHECK(compile_config(*other)["metrics"] == config["metrics"]);
}
