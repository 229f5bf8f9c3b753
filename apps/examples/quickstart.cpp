// The Keras MNIST convnet, one C++ line per Keras line (README "C++ quick start").
#include <libkeras/keras.h>

#include <iostream>

using namespace keras;
using namespace keras::layers;

int main() {
  auto [x_train, y_train, x_test, y_test] = datasets::fashion_mnist::load_data();
  x_train = x_train.reshape({-1, 28, 28, 1}).astype(float32) / 255.0f;
  x_test = x_test.reshape({-1, 28, 28, 1}).astype(float32) / 255.0f;
  Sequential model{
      Input({28, 28, 1}),
      Conv2D(32, {3, 3}, "relu"),
      Conv2D(64, {3, 3}, "relu"),
      MaxPooling2D({2, 2}),
      Dropout(0.25),
      Flatten(),
      Dense(128, "relu"),
      Dropout(0.5),
      Dense(10, "softmax"),
  };
  model.summary();
  model.compile({.optimizer = "adam", .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}});
  auto history = model.fit(x_train, y_train, {.batch_size = 64, .epochs = 1, .verbose = 1, .validation_split = 0.1});
  auto result = model.evaluate(x_test, y_test, {.verbose = 0});
  Tensor probs = model.predict(x_test.slice(0, 5));
  std::cout << "test_loss: " << result[0] << " - test_acc: " << result[1] << "\n";
  std::cout << "probs[0]: " << probs.slice(0, 1).to_string() << "\n";
}
