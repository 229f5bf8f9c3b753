// EarlyStopping: patience, start_from_epoch, baseline and restore_best_weights on models whose
// val_loss is either constant (learning rate 0) or rising every epoch.

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "callbacks/early_stopping.h"
#include "callbacks/history.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "optimizers/sgd.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Dense(1) without bias from a zero kernel: with x = 1 the prediction is the kernel itself.
std::shared_ptr<Sequential> scalar_model(double learning_rate) {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = learning_rate}), .loss = "mse"});
  return model;
}

// Training pulls the kernel towards 1 while the validation row wants -1: val_loss rises each epoch.
callbacks::History fit_rising(Sequential& model, const callbacks::CallbackPtr& cb, int epochs) {
  Tensor x = Tensor::ones({4, 1});
  Tensor y = tensor({1, 1, 1, -1}, {4, 1});
  return model.fit(x, y, {.batch_size = 3, .epochs = epochs, .verbose = 0, .callbacks = {cb}, .validation_split = 0.25});
}

callbacks::History fit_constant(Sequential& model, const callbacks::CallbackPtr& cb, int epochs) {
  Tensor ones = Tensor::ones({4, 1});
  return model.fit(ones, ones,
                   {.batch_size = 3, .epochs = epochs, .verbose = 0, .callbacks = {cb}, .validation_split = 0.25});
}

// Keeps a copy of the weights at the end of every epoch.
struct WeightRecorder : callbacks::Callback {
  std::vector<std::vector<Tensor>> per_epoch;
  void on_epoch_end(int, const Logs&) override { per_epoch.push_back(model()->get_weights()); }
};

}  // namespace

TEST_CASE("EarlyStopping with a constant val_loss stops after `patience` epochs without improvement",
          "[callbacks][early_stopping]") {
  for (int patience : {0, 1, 2, 3}) {
    auto model = scalar_model(0.0);
    std::ostringstream out;
    auto es = std::make_shared<callbacks::EarlyStopping>(
        callbacks::EarlyStopping::Options{.patience = patience, .verbose = 1, .out = &out});
    callbacks::History h = fit_constant(*model, es, 10);
    // Epoch 0 improves on nothing; then each equal value counts one epoch of waiting, and the
    // check never stops at epoch 0.
    const int stop = std::max(patience, 1);
    CHECK(h.epoch.size() == static_cast<std::size_t>(stop + 1));
    CHECK(es->stopped_epoch() == stop);
    CHECK(model->stop_training);
    CHECK(out.str() == "Epoch " + std::to_string(stop + 1) + ": early stopping\n");
  }
}

TEST_CASE("EarlyStopping is silent at verbose=0 and runs every epoch when nothing stops it",
          "[callbacks][early_stopping]") {
  auto model = scalar_model(0.0);
  std::ostringstream out;
  auto es = std::make_shared<callbacks::EarlyStopping>(callbacks::EarlyStopping::Options{.patience = 5, .out = &out});
  callbacks::History h = fit_constant(*model, es, 3);
  CHECK(h.epoch.size() == 3);
  CHECK(es->stopped_epoch() == 0);
  CHECK(out.str().empty());
}

TEST_CASE("EarlyStopping ignores epochs before start_from_epoch", "[callbacks][early_stopping]") {
  auto model = scalar_model(0.0);
  auto es = std::make_shared<callbacks::EarlyStopping>(callbacks::EarlyStopping::Options{.start_from_epoch = 2});
  callbacks::History h = fit_constant(*model, es, 10);
  // Epoch 2 is the first one looked at (an improvement), epoch 3 stops.
  CHECK(h.epoch.size() == 4);
  CHECK(es->stopped_epoch() == 3);
}

TEST_CASE("EarlyStopping keeps waiting while the value has not beaten the baseline", "[callbacks][early_stopping]") {
  auto model = scalar_model(0.0);
  auto es = std::make_shared<callbacks::EarlyStopping>(
      callbacks::EarlyStopping::Options{.patience = 1, .baseline = 0.5});
  callbacks::History h = fit_constant(*model, es, 10);
  // val_loss is 1.0 > baseline: epoch 0 is a "best" but does not reset the wait, so epoch 1 stops.
  CHECK(h.epoch.size() == 2);
  CHECK(es->best().value() == Approx(1.0));
}

TEST_CASE("EarlyStopping min_delta: a change smaller than it is no improvement", "[callbacks][early_stopping]") {
  // With learning rate 0.1 on y = 1 the val_loss falls every epoch, by far less than 10.
  auto model = scalar_model(0.1);
  auto es = std::make_shared<callbacks::EarlyStopping>(
      callbacks::EarlyStopping::Options{.min_delta = 10.0, .patience = 2});
  CHECK(fit_constant(*model, es, 10).epoch.size() == 3);
  auto model2 = scalar_model(0.1);
  auto es2 = std::make_shared<callbacks::EarlyStopping>(callbacks::EarlyStopping::Options{.patience = 2});
  CHECK(fit_constant(*model2, es2, 6).epoch.size() == 6);
  // In "max" mode a rising val_loss improves every epoch.
  auto model3 = scalar_model(0.1);
  auto es3 = std::make_shared<callbacks::EarlyStopping>(callbacks::EarlyStopping::Options{.mode = "max"});
  CHECK(fit_rising(*model3, es3, 6).epoch.size() == 6);
}

TEST_CASE("EarlyStopping restore_best_weights puts back the best epoch's weights", "[callbacks][early_stopping]") {
  auto model = scalar_model(0.1);
  auto recorder = std::make_shared<WeightRecorder>();
  std::ostringstream out;
  auto es = std::make_shared<callbacks::EarlyStopping>(
      callbacks::EarlyStopping::Options{.patience = 2, .verbose = 1, .restore_best_weights = true, .out = &out});
  Tensor x = Tensor::ones({4, 1});
  Tensor y = tensor({1, 1, 1, -1}, {4, 1});
  callbacks::History h = model->fit(
      x, y, {.batch_size = 3, .epochs = 10, .verbose = 0, .callbacks = {recorder, es}, .validation_split = 0.25});
  REQUIRE(h.epoch.size() == 3);
  CHECK(h.history["val_loss"][0] < h.history["val_loss"][1]);
  CHECK(es->best_epoch() == 0);
  CHECK(out.str() == "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 1.\n");
  check_close(model->get_weights()[0], recorder->per_epoch[0][0]);
  check_close(model->get_weights()[0], {0.2});
}

TEST_CASE("EarlyStopping warns and carries on when the monitored metric is missing", "[callbacks][early_stopping]") {
  auto model = scalar_model(0.0);
  auto es = std::make_shared<callbacks::EarlyStopping>(callbacks::EarlyStopping::Options{.monitor = "val_accuracy"});
  Tensor ones = Tensor::ones({4, 1});
  callbacks::History h = model->fit(ones, ones, {.epochs = 3, .verbose = 0, .callbacks = {es}});
  CHECK(h.epoch.size() == 3);
}
