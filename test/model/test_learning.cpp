// A real training run that must learn: the Keras convnet on a Fashion-MNIST subset.

#include <catch2/catch.hpp>

#include "datasets/datasets.h"
#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/random.h"

using namespace keras;
using namespace keras::layers;

TEST_CASE("The MNIST convnet learns Fashion-MNIST", "[model][learning][fashion_mnist]") {
  if (!datasets::fashion_mnist::locate()) {
    WARN("SKIPPED: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
    return;
  }
  auto [x_train, y_train, x_test, y_test] = datasets::fashion_mnist::load_data();
  x_train = x_train.slice(0, 3000).reshape({-1, 28, 28, 1}).astype(float32) / 255.0f;
  y_train = y_train.slice(0, 3000);
  x_test = x_test.slice(0, 1000).reshape({-1, 28, 28, 1}).astype(float32) / 255.0f;
  y_test = y_test.slice(0, 1000);
  utils::set_random_seed(7);
  Sequential model{Input({28, 28, 1}), Conv2D(32, {3, 3}, "relu"), Conv2D(64, {3, 3}, "relu"), MaxPooling2D({2, 2}),
                   Dropout(0.25), Flatten(), Dense(128, "relu"), Dropout(0.5), Dense(10, "softmax")};
  model.compile({.optimizer = "adam", .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}});
  auto before = model.evaluate(x_test, y_test, {.verbose = 0});
  auto history = model.fit(x_train, y_train, {.batch_size = 64, .epochs = 2, .verbose = 0, .validation_split = 0.1});
  auto after = model.evaluate(x_test, y_test, {.verbose = 0});
  const auto& loss = history.history.at("loss");
  CHECK(loss[1] < loss[0]);
  CHECK(after["loss"] < 0.6 * before["loss"]);
  CHECK(after["accuracy"] > 0.65);  // chance is 0.1
  CHECK(history.history.at("val_accuracy")[1] > 0.65);
}
