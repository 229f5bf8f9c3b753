// Compile configs: Keras 3 compile_config and legacy training_config out, every Keras
// version's form in (Keras 2 "lr", tf.keras "Custom>Adam" and MeanMetricWrapper metrics).

#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/utils/error.h"
#include "losses/losses.h"
#include "optimizers/optimizers.h"
#include "test/support/check.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

std::shared_ptr<Model> two_outputs() {
  KerasTensor x = Input({4}, {.name = "x"});
  KerasTensor h = Dense(8, "relu")(x);
  KerasTensor reg = Dense(1, DenseOptions{.name = "reg"})(h);
  KerasTensor cls = Dense(3, DenseOptions{.activation = "softmax", .name = "cls"})(h);
  return std::make_shared<Model>(std::vector<KerasTensor>{x}, std::vector<KerasTensor>{reg, cls});
}

std::shared_ptr<Model> classifier() {
  return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{Input({4}), Dense(3, "softmax")});
}

// One-hot targets for 6 samples.
Tensor one_hot() { return tensor({1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, {6, 3}); }

}  // namespace

TEST_CASE("compile_config round-trips optimizer arguments, per-output losses and metrics", "[serialization]") {
  auto model = two_outputs();
  CHECK(compile_config(*model).is_null());
  CHECK(legacy_training_config(*model).is_null());
  model->compile(
      {.optimizer = optimizers::Adam({.learning_rate = 3e-4, .beta_1 = 0.8, .amsgrad = true, .clipnorm = 1.0}),
       .loss = {LossArg("mse"), LossArg(losses::CategoricalCrossentropy())},
       .loss_weights = {0.5, 2.0},
       .metrics = MetricsPerOutput{{"mae"}, {"accuracy"}}});
  Json config = compile_config(*model);
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                                         "run_eagerly", "steps_per_execution", "jit_compile"});
  CHECK(config["optimizer"]["class_name"] == "Adam");
  CHECK(config["optimizer"]["config"]["beta_1"] == 0.8);
  CHECK(config["optimizer"]["config"]["amsgrad"] == true);
  CHECK(config["loss"][0] == "mse");
  CHECK(config["loss"][1]["class_name"] == "CategoricalCrossentropy");
  CHECK(config["loss_weights"] == Json::parse("[0.5, 2.0]"));
  CHECK(config["metrics"] == Json::parse(R"([["mae"], ["accuracy"]])"));
  CHECK(config["weighted_metrics"].is_null());

  auto copy = two_outputs();
  compile_from_config(*copy, Json::parse(config.dump()), "config.json");
  CHECK(compile_config(*copy).dump() == config.dump());
  // And it trains with the same names.
  Tensor x = random_tensor({6, 4});
  auto r = copy->evaluate(x, {random_tensor({6, 1}), one_hot()}, {.verbose = 0});
  CHECK(r.names() == std::vector<std::string>{"loss", "reg_loss", "cls_loss", "cls_accuracy", "reg_mae"});

  Json legacy = legacy_training_config(*model);
  CHECK(!legacy.contains("optimizer"));
  CHECK(legacy["optimizer_config"] == Json({{"class_name", "Adam"}, {"config", config["optimizer"]["config"]}}));
  auto from_legacy = two_outputs();
  compile_from_config(*from_legacy, legacy, "legacy.h5");
  CHECK(compile_config(*from_legacy).dump() == config.dump());

  // Dict forms keyed by output name.
  auto named = two_outputs();
  named->compile(
      {.optimizer = "sgd", .loss = {{"cls", "categorical_crossentropy"}}, .metrics = {{"cls", {"accuracy"}}}});
  Json nc = compile_config(*named);
  CHECK(nc["loss"] == Json::parse(R"({"cls": "categorical_crossentropy"})"));
  CHECK(nc["metrics"] == Json::parse(R"({"cls": ["accuracy"]})"));
  auto named_copy = two_outputs();
  compile_from_config(*named_copy, nc, "named.json");
  CHECK(compile_config(*named_copy).dump() == nc.dump());
  // model_to_config carries the compile config.
  CHECK(model_to_config(*named)["compile_config"] == nc);
}

TEST_CASE("Keras 2 and tf.keras training configs compile", "[serialization]") {
  SECTION("Keras 2.0.6 RMSprop with lr and a zero decay") {
    auto model = classifier();
    compile_from_config(*model,
                        Json::parse(R"({"metrics": null, "loss": "mse", "optimizer_config": {"class_name": "RMSprop",
        "config": {"epsilon": 1e-08, "lr": 0.0010000000474974513, "rho": 0.8999999761581421, "decay": 0.0}},
        "loss_weights": null, "sample_weight_mode": null})"),
                        "keras206.h5");
    REQUIRE(model->optimizer());
    CHECK(model->optimizer()->class_name() == "RMSprop");
    CHECK(model->optimizer()->learning_rate() == Approx(0.001));
    CHECK(compile_config(*model)["optimizer"]["config"]["rho"] == Approx(0.9));
    CHECK(compile_config(*model)["loss"] == "mse");
  }
  SECTION("Keras 2 Adam with a non-zero decay: a warning, as Keras 3 gives, and no decay") {
    auto model = classifier();
    std::ostringstream captured;
    std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
    compile_from_config(*model, Json::parse(R"({"loss": "mse", "optimizer_config": {"class_name": "Adam",
        "config": {"lr": 0.01, "decay": 1e-4, "beta_1": 0.9, "beta_2": 0.999}}})"),
                        "decay.h5");
    std::cerr.rdbuf(old);
    CHECK_THAT(captured.str(), Catch::Contains("UserWarning") && Catch::Contains("decay.h5") &&
                                   Catch::Contains("`decay`") && Catch::Contains("ignored"));
    CHECK(model->optimizer()->learning_rate() == Approx(0.01));
    CHECK_FALSE(compile_config(*model)["optimizer"]["config"].contains("decay"));
  }
  SECTION("tf.keras 2.11 Custom>Adam") {
    auto model = classifier();
    compile_from_config(*model, Json::parse(R"({"loss": "categorical_crossentropy", "metrics": ["acc"],
        "optimizer_config": {"class_name": "Custom>Adam", "config": {"name": "Adam", "weight_decay": null, "clipnorm": null,
        "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null,
        "jit_compile": true, "is_legacy_optimizer": false, "learning_rate": 0.004999999888241291, "beta_1": 0.9,
        "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}})"),
                        "attention.h5");
    CHECK(model->optimizer()->class_name() == "Adam");
    CHECK(model->optimizer()->learning_rate() == Approx(0.005));
    auto r = model->evaluate(random_tensor({6, 4}), one_hot(), {.verbose = 0});
    CHECK(r.names() == std::vector<std::string>{"loss", "acc"});
  }
  SECTION("tf.keras 2.10 MeanMetricWrapper metrics nested per output") {
    auto model = classifier();
    compile_from_config(*model, Json::parse(R"({"loss": "categorical_crossentropy",
        "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]],
        "weighted_metrics": null, "loss_weights": null,
        "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001, "decay": 0.0,
        "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}})"),
                        "kilneta.h5");
    Tensor x = random_tensor({6, 4});
    auto r = model->evaluate(x, one_hot(), {.verbose = 0});
    REQUIRE(r.names() == std::vector<std::string>{"loss", "accuracy"});
    // categorical accuracy of the predictions, computed here.
    Tensor p = model->predict(x, {.verbose = 0});
    std::vector<float> pv = p.to_vector<float>(), tv = one_hot().to_vector<float>();
    double hits = 0;
    for (int i = 0; i < 6; ++i) {
      int best = 0;
      for (int k = 1; k < 3; ++k) best = pv[i * 3 + k] > pv[i * 3 + best] ? k : best;
      hits += tv[i * 3 + best];
    }
    CHECK(r["accuracy"] == Approx(hits / 6));
  }
  SECTION("Keras 3 legacy training_config") {
    auto model = classifier();
    compile_from_config(*model, Json::parse(R"({"loss": {"module": "keras.losses", "class_name": "MeanSquaredError",
        "config": {"name": "mean_squared_error", "reduction": "sum_over_batch_size"}, "registered_name": null},
        "loss_weights": null, "metrics": ["accuracy"], "weighted_metrics": null, "run_eagerly": false,
        "steps_per_execution": 1, "jit_compile": false, "optimizer_config": {"class_name": "Adam", "config": {"name": "adam",
        "learning_rate": 0.0010000000474974513, "weight_decay": null, "clipnorm": null, "global_clipnorm": null,
        "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null,
        "loss_scale_factor": null, "gradient_accumulation_steps": null, "beta_1": 0.9, "beta_2": 0.999,
        "epsilon": 1e-07, "amsgrad": false}}})"),
                        "k3legacy.h5");
    CHECK(compile_config(*model)["loss"]["class_name"] == "MeanSquaredError");
  }
  SECTION("tf.keras loss objects with reduction auto") {
    auto model = classifier();
    compile_from_config(*model, Json::parse(R"({"optimizer_config": {"class_name": "SGD", "config": {"name": "SGD",
        "learning_rate": 0.01, "decay": 0.0, "momentum": 0.0, "nesterov": false}},
        "loss": {"class_name": "CategoricalCrossentropy", "config": {"reduction": "auto", "name": "categorical_crossentropy",
        "from_logits": false, "label_smoothing": 0}}})"),
                        "tfk.h5");
    CHECK(compile_config(*model)["loss"]["config"]["reduction"] == "sum_over_batch_size");
  }
}

TEST_CASE("The compile config of a real Keras 3 file compiles", "[serialization][keras-samples]") {
  auto dir = require_keras_samples("a Keras 3 compile_config");
  if (!dir) return;
  std::ifstream in(*dir + "/configs/keras3__aman21k__fashion_cnn_k3.10.0.config.json");
  REQUIRE(in.good());
  Json saved = Json::parse(in);
  auto model = model_from_config(saved, "fashion.keras");
  compile_from_config(*model, saved["compile_config"], "fashion.keras");
  Json mine = compile_config(*model);
  CHECK(mine["optimizer"] == saved["compile_config"]["optimizer"]);
  for (const char* k : {"loss", "loss_weights", "metrics", "weighted_metrics"}) {
    CHECK(mine[k] == saved["compile_config"][k]);
  }
}

TEST_CASE("Bad compile configs give errors naming the field", "[serialization]") {
  auto model = classifier();
  auto error = [&](const std::string& json) -> std::string {
    try {
      compile_from_config(*model, Json::parse(json), "m.h5");
    } catch (const Error& e) {
      return e.what();
    }
    FAIL("no error for " << json);
    return "";
  };
  CHECK_THAT(error(R"({"optimizer": "adamant", "loss": "mse"})"),
             Catch::Contains("m.h5") && Catch::Contains("'optimizer'"));
  CHECK_THAT(error(R"({"optimizer": "adam", "loss": 42})"), Catch::Contains("'loss'"));
  CHECK_THAT(error(R"({"optimizer": "adam", "loss": "mse", "loss_weights": ["heavy"]})"),
             Catch::Contains("'loss_weights'"));
  CHECK_THAT(error(R"({"optimizer": "adam", "loss": "mse", "metrics": [{"class_name": "Fancy", "config": {}}]})"),
             Catch::Contains("'metrics'") && Catch::Contains("Fancy"));
  CHECK_THAT(error(R"([1])"), Catch::Contains("m.h5"));
  // A class_name of the wrong type must not escape as a nlohmann type_error (the decay warning
  // quotes the class name).
  CHECK_THAT(error(R"({"optimizer": {"class_name": 5, "config": {"decay": 0.5}}, "loss": "mse"})"),
             Catch::Contains("m.h5") && Catch::Contains("'optimizer'"));
}
