// fit / evaluate / predict semantics, checked on models whose outputs are known exactly.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "callbacks/callback.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "optimizers/optimizers.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// y = x . w with w frozen at zero by a zero learning rate: every loss is known in closed form.
std::shared_ptr<Sequential> zero_model() {
  auto model = std::make_shared<Sequential>(
      std::initializer_list<SequentialItem>{Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
  return model;
}

Tensor column(const std::vector<float>& v) { return tensor(v, {static_cast<std::int64_t>(v.size()), 1}); }

class Recorder : public callbacks::Callback {
 public:
  std::vector<std::string> events;
  void on_train_begin(const Logs&) override { events.push_back("train_begin"); }
  void on_train_end(const Logs&) override { events.push_back("train_end"); }
  void on_epoch_begin(int e, const Logs&) override { events.push_back("epoch_begin " + std::to_string(e)); }
  void on_epoch_end(int e, const Logs& logs) override {
    std::string keys;
    for (const auto& [k, v] : logs) keys += " " + k;
    events.push_back("epoch_end " + std::to_string(e) + keys);
  }
  void on_train_batch_end(std::int64_t b, const Logs&) override { events.push_back("batch " + std::to_string(b)); }
  void on_test_begin(const Logs&) override { events.push_back("test_begin"); }
  void on_test_end(const Logs&) override { events.push_back("test_end"); }
};

}  // namespace

TEST_CASE("validation_split holds out the last samples, before shuffling", "[model][fit]") {
  auto model = zero_model();
  Tensor x = column({1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  Tensor y = column({1, 1, 1, 1, 1, 1, 1, 1, 10, 10});
  auto history = model->fit(x, y, {.batch_size = 3, .epochs = 2, .verbose = 0, .validation_split = 0.2});
  // Training sees eight 1s (mse 1); validation the two 10s (mse 100), in every epoch.
  CHECK(history.history.at("loss") == std::vector<double>{1.0, 1.0});
  CHECK(history.history.at("val_loss") == std::vector<double>{100.0, 100.0});
  CHECK(history.epoch == std::vector<int>{0, 1});
}

TEST_CASE("validation_data, initial_epoch and validation_freq", "[model][fit]") {
  auto model = zero_model();
  auto history = model->fit(column({1, 2}), column({2, 2}),
                            {.epochs = 5, .verbose = 0,
                             .validation_data = ValidationData{column({0}), column({3})},
                             .initial_epoch = 2, .validation_freq = 2});
  CHECK(history.epoch == std::vector<int>{2, 3, 4});  // `epochs` is the final epoch, as in Keras
  CHECK(history.history.at("loss").size() == 3);
  CHECK(history.history.at("val_loss") == std::vector<double>{9.0});  // only after epoch index 3
}

TEST_CASE("sample_weight and class_weight weight the loss as Keras does", "[model][fit]") {
  auto model = zero_model();
  // Per-sample losses 1, 4, 9, 16; sum_over_batch_size divides the weighted sum by 4.
  Tensor x = column({1, 1, 1, 1}), y = column({1, 2, 3, 4});
  CHECK(model->test_on_batch(x, y)[0] == Approx(7.5));
  CHECK(model->test_on_batch(x, y, tensor({1, 0, 0, 1}, {4}))[0] == Approx(17.0 / 4));
  // class_weight: label 1 -> weight 2, others 1 (labels are y's values).
  CHECK(model->train_on_batch(x, y, {}, {{1, 2.0}})[0] == Approx((2.0 + 4 + 9 + 16) / 4));
  REQUIRE_THROWS_WITH(model->fit(x, y, {.verbose = 0, .class_weight = {{1, 2.0}}, .sample_weight = tensor({1, 1, 1, 1}, {4})}),
                      Catch::Contains("class_weight") && Catch::Contains("sample_weight"));
}

TEST_CASE("The loss shown is the running mean over samples, batches weighted by size", "[model][fit]") {
  auto model = zero_model();
  // Batches of 3, 3 and 1 samples: losses 1, 4 and 9 -> (3*1 + 3*4 + 1*9) / 7.
  auto history = model->fit(column({1, 1, 1, 1, 1, 1, 1}), column({1, 1, 1, 2, 2, 2, 3}),
                            {.batch_size = 3, .verbose = 0, .shuffle = false});
  CHECK(history.history.at("loss")[0] == Approx(24.0 / 7));
}

TEST_CASE("evaluate returns the loss then the metrics; predict keeps the order", "[model][evaluate]") {
  Sequential model{Input({2}), Dense(2, Dense::Options{.activation = "softmax", .kernel_initializer = "identity"})};
  model.compile({.optimizer = "sgd", .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy", "acc"}});
  Tensor x = tensor({5, 0, 0, 5, 5, 0}, {3, 2});
  Tensor y = tensor({0, 1, 1}, {3});
  EvaluationResult r = model.evaluate(x, y, {.batch_size = 2, .verbose = 0});
  REQUIRE(r.names() == std::vector<std::string>{"loss", "accuracy", "acc"});
  CHECK(r["accuracy"] == Approx(2.0 / 3));
  CHECK(r[2] == Approx(2.0 / 3));
  Tensor p = model.predict(x, {.batch_size = 2, .verbose = 0});
  CHECK(p.shape() == Shape{3, 2});
  std::vector<double> pv = p.to_vector<double>();
  double sure = std::exp(5.0) / (std::exp(5.0) + 1.0);
  check_close(p, {sure, 1 - sure, 1 - sure, sure, sure, 1 - sure}, 1e-6, 1e-5);
  // Cross-entropy of the three samples: -log(sure) twice, -log(1 - sure) once.
  CHECK(r["loss"] == Approx((-2 * std::log(sure) - std::log(1 - sure)) / 3).epsilon(1e-5));
}

TEST_CASE("Callbacks see Keras' hook order and sorted epoch logs", "[model][fit][callbacks]") {
  auto model = zero_model();
  auto recorder = std::make_shared<Recorder>();
  model->fit(column({1, 1, 1}), column({1, 1, 1}),
             {.batch_size = 2, .epochs = 1, .verbose = 0, .callbacks = {recorder}, .validation_split = 0.34});
  CHECK(recorder->events == std::vector<std::string>{"train_begin", "epoch_begin 0", "batch 0", "test_begin",
                                                     "test_end", "epoch_end 0 loss val_loss", "train_end"});
}

TEST_CASE("A callback can stop training after the current batch", "[model][fit][callbacks]") {
  struct Stopper : callbacks::Callback {
    void on_train_batch_end(std::int64_t batch, const Logs&) override {
      if (batch == 1) model()->stop_training = true;
    }
  };
  auto model = zero_model();
  auto recorder = std::make_shared<Recorder>();
  model->fit(column({1, 1, 1, 1, 1, 1}), column({1, 1, 1, 1, 1, 1}),
             {.batch_size = 1, .epochs = 3, .verbose = 0, .callbacks = {std::make_shared<Stopper>(), recorder}});
  CHECK(std::count(recorder->events.begin(), recorder->events.end(), "batch 2") == 0);
  CHECK(recorder->events.back() == "train_end");
  CHECK(std::count_if(recorder->events.begin(), recorder->events.end(),
                      [](const std::string& e) { return e.rfind("epoch_begin", 0) == 0; }) == 1);
}

TEST_CASE("Training is bitwise reproducible with a seed", "[model][fit]") {
  auto run = [] {
    utils::set_random_seed(1234);
    Sequential model{Input({6}), Dense(8, "relu"), Dropout(0.3), Dense(3, "softmax")};
    model.compile({.optimizer = "adam", .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}});
    Tensor x = random_tensor({40, 6}, -1, 1, 5);
    Tensor y = tensor(std::vector<float>(40, 1.0f), {40});
    return model.fit(x, y, {.batch_size = 8, .epochs = 3, .verbose = 0, .validation_split = 0.25}).history;
  };
  CHECK(run() == run());
}

TEST_CASE("fit / evaluate / predict reject bad input with Keras' messages", "[model][fit][errors]") {
  Sequential model{Input({2}), Dense(1)};
  REQUIRE_THROWS_WITH(model.fit(Tensor::zeros({4, 2}), Tensor::zeros({4, 1})),
                      Catch::Contains("You must call `compile()`"));
  model.compile({.optimizer = "sgd", .loss = "mse"});
  REQUIRE_THROWS_WITH(model.fit(Tensor::zeros({4, 2}), Tensor::zeros({3, 1}), {.verbose = 0}),
                      Catch::Contains("Data cardinality is ambiguous") && Catch::Contains("'x' sizes: 4") &&
                          Catch::Contains("'y' sizes: 3"));
  REQUIRE_THROWS_WITH(model.fit(Tensor::zeros({1, 2}), Tensor::zeros({1, 1}), {.verbose = 0, .validation_split = 0.5}),
                      Catch::Contains("not sufficient to split"));
  REQUIRE_THROWS_WITH(model.fit(Tensor::zeros({4, 2}), Tensor::zeros({4, 1}), {.batch_size = 0}),
                      Catch::Contains("batch_size"));
  REQUIRE_THROWS_WITH(model.evaluate(Tensor::zeros({4, 3}), Tensor::zeros({4, 1}), {.verbose = 0}),
                      Catch::Contains("(None, 2)") && Catch::Contains("(4, 3)"));
  REQUIRE_THROWS_WITH(model.predict(Tensor::zeros({0, 2})), Catch::Contains("no samples"));
  Sequential no_loss{Input({2}), Dense(1)};
  no_loss.compile({.optimizer = "sgd"});
  REQUIRE_THROWS_WITH(no_loss.fit(Tensor::zeros({4, 2}), Tensor::zeros({4, 1}), {.verbose = 0}),
                      Catch::Contains("`loss`"));
  REQUIRE_THROWS_WITH(no_loss.compile({.optimizer = "adabelief"}), Catch::Contains("Unknown optimizer 'adabelief'"));
}
