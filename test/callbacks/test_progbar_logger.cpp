// The progress output of fit / evaluate / predict (ProgbarLogger) with a frozen clock.

#include <catch2/catch.hpp>
#include <sstream>

#include "callbacks/history.h"
#include "callbacks/progbar_logger.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "optimizers/sgd.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

const std::string kFull = "\x1b[32m\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81"
                          "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94"
                          "\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\x1b[0m\x1b[37m\x1b[0m";

std::shared_ptr<Sequential> model_with_loss_one() {
  auto model = std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({1}), Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros"})});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
  return model;
}

}  // namespace

TEST_CASE("fit prints Epoch lines and a final bar with sorted train and val metrics", "[callbacks][progbar]") {
  std::ostringstream out;
  auto logger = std::make_shared<callbacks::ProgbarLogger>(&out, [] { return 0.0; });
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({4, 1});
  model->fit(ones, ones, {.batch_size = 3, .epochs = 2, .verbose = 1, .callbacks = {logger}, .validation_split = 0.25});
  std::string expected_final = "\r\x1b[1m1/1\x1b[0m " + kFull + " \x1b[1m0s\x1b[0m 0s/step - loss: 1.0000 - val_loss: 1.0000\n";
  std::string first = "\r\x1b[1m1/1\x1b[0m " + kFull + " \x1b[1m0s\x1b[0m 0s/step - loss: 1.0000";
  // The redraw erases the 50 visible columns of the first line: "1/1" + space + 20 + " 0s" + ...
  std::string epoch = first + std::string(50, '\b') + expected_final;
  CHECK(out.str() == "Epoch 1/2\n" + epoch + "Epoch 2/2\n" + epoch);
}

TEST_CASE("verbose=2 prints one line per epoch, no bar", "[callbacks][progbar]") {
  std::ostringstream out;
  auto logger = std::make_shared<callbacks::ProgbarLogger>(&out, [] { return 0.0; });
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({5, 1});
  model->fit(ones, ones, {.batch_size = 2, .epochs = 1, .verbose = 2, .callbacks = {logger}});
  // A single epoch prints no "Epoch 1/1" line, as in Keras.
  CHECK(out.str() == "3/3 - 0s - 0s/step - loss: 1.0000\n");
}

TEST_CASE("evaluate and predict show their own bars; validation inside fit is silent", "[callbacks][progbar]") {
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({3, 1});
  std::ostringstream eval_out;
  model->evaluate(ones, ones, {.verbose = 1, .callbacks = {std::make_shared<callbacks::ProgbarLogger>(&eval_out, [] { return 0.0; })}});
  CHECK(eval_out.str().find("\x1b[1m1/1\x1b[0m") != std::string::npos);
  CHECK(eval_out.str().find("- loss: 1.0000\n") != std::string::npos);
  std::ostringstream predict_out;
  model->predict(ones, {.verbose = 1, .callbacks = {std::make_shared<callbacks::ProgbarLogger>(&predict_out, [] { return 0.0; })}});
  CHECK(predict_out.str().find("0s/step\n") != std::string::npos);
  CHECK(predict_out.str().find("loss") == std::string::npos);
}

TEST_CASE("verbose=0 prints nothing and fit still returns the History", "[callbacks][history]") {
  auto model = model_with_loss_one();
  Tensor ones = Tensor::ones({4, 1});
  callbacks::History h = model->fit(ones, ones, {.epochs = 3, .verbose = 0});
  CHECK(h.history.at("loss") == std::vector<double>{1.0, 1.0, 1.0});
  CHECK(h.epoch == std::vector<int>{0, 1, 2});
}
