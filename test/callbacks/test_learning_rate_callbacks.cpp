// ReduceLROnPlateau, LearningRateScheduler and LambdaCallback on a one-weight model. Rates are
// powers of two so that the float32 learning-rate variable holds them exactly.

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "callbacks/history.h"
#include "callbacks/lambda_callback.h"
#include "callbacks/learning_rate_scheduler.h"
#include "callbacks/reduce_lr_on_plateau.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "optimizers/sgd.h"

using namespace keras;
using namespace keras::layers;

namespace {

// Dense(1) without bias from a zero kernel: with x = 1 the prediction is the kernel itself.
std::shared_ptr<Sequential> scalar_model(double learning_rate) {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = learning_rate}), .loss = "mse"});
  return model;
}

callbacks::History fit_ones(Sequential& model, std::vector<callbacks::CallbackPtr> cbs, int epochs) {
  Tensor ones = Tensor::ones({3, 1});
  return model.fit(ones, ones, {.batch_size = 3, .epochs = epochs, .verbose = 0, .callbacks = std::move(cbs)});
}

// A min_delta far above any change in the loss: only the first epoch counts as an improvement.
callbacks::ReduceLROnPlateau::Options plateau(int patience) {
  return {.monitor = "loss", .factor = 0.5, .patience = patience, .min_delta = 100.0};
}

std::string reduce_message(int epoch, const std::string& rate) {
  return "\nEpoch " + std::to_string(epoch) + ": ReduceLROnPlateau reducing learning rate to " + rate + ".\n";
}

}  // namespace

TEST_CASE("ReduceLROnPlateau multiplies the rate by factor after `patience` epochs without improvement",
          "[callbacks][reduce_lr_on_plateau]") {
  auto model = scalar_model(0.5);
  std::ostringstream out;
  auto options = plateau(2);
  options.verbose = 1;
  options.out = &out;
  auto cb = std::make_shared<callbacks::ReduceLROnPlateau>(options);
  callbacks::History h = fit_ones(*model, {cb}, 7);
  // The logged rate is the one the epoch trained with, read before any reduction.
  CHECK(h.history["learning_rate"] == std::vector<double>{0.5, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125});
  CHECK(model->optimizer()->learning_rate() == 0.0625f);
  CHECK(out.str() == reduce_message(3, "0.25") + reduce_message(5, "0.125") + reduce_message(7, "0.0625"));
  CHECK(cb->wait() == 0);
}

TEST_CASE("ReduceLROnPlateau waits `cooldown` epochs after each reduction", "[callbacks][reduce_lr_on_plateau]") {
  auto model = scalar_model(0.5);
  auto options = plateau(1);
  options.cooldown = 2;
  auto cb = std::make_shared<callbacks::ReduceLROnPlateau>(options);
  callbacks::History h = fit_ones(*model, {cb}, 8);
  // Reductions at epochs 2, 4, 6, 8 (1-based): the cooldown epoch in between counts nothing.
  CHECK(h.history["learning_rate"] == std::vector<double>{0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625});
  CHECK(model->optimizer()->learning_rate() == 0.03125f);
  CHECK(cb->in_cooldown());
}

TEST_CASE("ReduceLROnPlateau never goes below min_lr", "[callbacks][reduce_lr_on_plateau]") {
  auto model = scalar_model(0.5);
  std::ostringstream out;
  auto options = plateau(1);
  options.verbose = 1;
  options.min_lr = 0.2;
  options.out = &out;
  auto cb = std::make_shared<callbacks::ReduceLROnPlateau>(options);
  fit_ones(*model, {cb}, 6);
  // 0.5 -> 0.25 -> max(0.125, 0.2); once at float32(min_lr) it is left alone, silently.
  CHECK(model->optimizer()->learning_rate() == 0.2f);
  CHECK(out.str() == reduce_message(2, "0.25") + reduce_message(3, "0.2"));
}

TEST_CASE("ReduceLROnPlateau keeps the rate while val_loss improves", "[callbacks][reduce_lr_on_plateau]") {
  auto model = scalar_model(0.1);
  auto cb = std::make_shared<callbacks::ReduceLROnPlateau>(callbacks::ReduceLROnPlateau::Options{.patience = 1});
  Tensor ones = Tensor::ones({4, 1});
  callbacks::History h = model->fit(
      ones, ones, {.batch_size = 3, .epochs = 4, .verbose = 0, .callbacks = {cb}, .validation_split = 0.25});
  CHECK(h.history["val_loss"][3] < h.history["val_loss"][0]);
  CHECK(model->optimizer()->learning_rate() == 0.1f);
  CHECK(cb->best().value() == Approx(h.history["val_loss"][3]));
}

TEST_CASE("ReduceLROnPlateau rejects factor >= 1 and carries on without its metric",
          "[callbacks][reduce_lr_on_plateau]") {
  CHECK_THROWS_WITH(callbacks::ReduceLROnPlateau({.factor = 1.0}),
                    "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1.0");
  auto model = scalar_model(0.5);
  auto cb = std::make_shared<callbacks::ReduceLROnPlateau>(callbacks::ReduceLROnPlateau::Options{.patience = 0});
  callbacks::History h = fit_ones(*model, {cb}, 3);  // no validation data: no val_loss
  CHECK(h.history["learning_rate"] == std::vector<double>{0.5, 0.5, 0.5});
  CHECK(model->optimizer()->learning_rate() == 0.5f);
}

TEST_CASE("LearningRateScheduler sets schedule(epoch, lr) at every epoch begin and logs it",
          "[callbacks][learning_rate_scheduler]") {
  auto model = scalar_model(0.5);
  std::vector<double> seen_lr, seen_arg;
  auto scheduler = std::make_shared<callbacks::LearningRateScheduler>([&](int epoch, double lr) {
    seen_arg.push_back(lr);
    return epoch == 0 ? lr : lr * 0.5;
  });
  auto observer = std::make_shared<callbacks::LambdaCallback>(callbacks::LambdaCallback::Options{
      .on_epoch_end = [&](int, const Logs&) { seen_lr.push_back(model->optimizer()->learning_rate()); }});
  callbacks::History h = fit_ones(*model, {scheduler, observer}, 4);
  CHECK(seen_arg == std::vector<double>{0.5, 0.5, 0.25, 0.125});
  CHECK(seen_lr == std::vector<double>{0.5, 0.25, 0.125, 0.0625});
  CHECK(h.history["learning_rate"] == seen_lr);
}

TEST_CASE("LearningRateScheduler verbose prints the schedule's value", "[callbacks][learning_rate_scheduler]") {
  auto model = scalar_model(0.5);
  std::ostringstream out;
  auto scheduler = std::make_shared<callbacks::LearningRateScheduler>(
      [](int epoch, double) { return 0.1 * (epoch + 1); }, 1, &out);
  callbacks::History h = fit_ones(*model, {scheduler}, 3);
  // Python's repr of the double, before the float32 variable rounds it.
  CHECK(out.str() ==
        "\nEpoch 1: LearningRateScheduler setting learning rate to 0.1.\n"
        "\nEpoch 2: LearningRateScheduler setting learning rate to 0.2.\n"
        "\nEpoch 3: LearningRateScheduler setting learning rate to 0.30000000000000004.\n");
  CHECK(h.history["learning_rate"][2] == static_cast<double>(0.3f));
}

TEST_CASE("LambdaCallback calls its hooks in Keras' order during fit",
          "[callbacks][lambda_callback]") {
  auto model = scalar_model(0.1);
  std::vector<std::string> calls;
  auto logs_hook = [&](const std::string& name) { return [&calls, name](const Logs&) { calls.push_back(name); }; };
  auto epoch_hook = [&](const std::string& name) {
    return [&calls, name](int e, const Logs&) { calls.push_back(name + " " + std::to_string(e)); };
  };
  auto batch_hook = [&](const std::string& name) {
    return [&calls, name](std::int64_t b, const Logs&) { calls.push_back(name + " " + std::to_string(b)); };
  };
  auto cb = std::make_shared<callbacks::LambdaCallback>(callbacks::LambdaCallback::Options{
      .on_epoch_begin = epoch_hook("epoch_begin"),
      .on_epoch_end = epoch_hook("epoch_end"),
      .on_train_begin = logs_hook("train_begin"),
      .on_train_end = logs_hook("train_end"),
      .on_train_batch_begin = batch_hook("train_batch_begin"),
      .on_train_batch_end = batch_hook("train_batch_end"),
      .on_test_begin = logs_hook("test_begin"),
      .on_test_end = logs_hook("test_end"),
      .on_test_batch_begin = batch_hook("test_batch_begin"),
      .on_test_batch_end = batch_hook("test_batch_end"),
      .on_predict_begin = logs_hook("predict_begin"),
      .on_predict_end = logs_hook("predict_end"),
      .on_predict_batch_begin = batch_hook("predict_batch_begin"),
      .on_predict_batch_end = batch_hook("predict_batch_end")});
  Tensor ones = Tensor::ones({5, 1});
  // 4 training rows in batches of 2, 1 validation row.
  model->fit(ones, ones, {.batch_size = 2, .epochs = 2, .verbose = 0, .callbacks = {cb}, .validation_split = 0.2});
  std::vector<std::string> expected = {"train_begin"};
  for (const std::string e : {"0", "1"}) {
    for (const std::string& s : {"epoch_begin " + e, std::string("train_batch_begin 0"), std::string("train_batch_end 0"),
                                 std::string("train_batch_begin 1"), std::string("train_batch_end 1"),
                                 std::string("test_begin"), std::string("test_batch_begin 0"),
                                 std::string("test_batch_end 0"), std::string("test_end"), "epoch_end " + e}) {
      expected.push_back(s);
    }
  }
  expected.push_back("train_end");
  CHECK(calls == expected);
}

TEST_CASE("An empty LambdaCallback does nothing", "[callbacks][lambda_callback]") {
  auto model = scalar_model(0.5);
  auto cb = std::make_shared<callbacks::LambdaCallback>();
  CHECK(fit_ones(*model, {cb}, 2).epoch.size() == 2);
}
