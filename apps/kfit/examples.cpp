#include "apps/kfit/examples.h"

#include "layers/layers.h"
#include "libkeras/utils/error.h"
#include "losses/crossentropy.h"

namespace kfit {

using namespace keras;
using namespace keras::layers;

namespace {

const std::string kMnistConvnet =
    "Conv2D(32,3)-Conv2D(64,3)-MaxPooling2D-Dropout(0.25)-Flatten-Dense(128)-Dropout(0.5)-Dense(10, softmax); "
    "Adam, batch 64";

std::shared_ptr<Sequential> mnist_convnet() {
  return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
      Input({28, 28, 1}), Conv2D(32, {3, 3}, "relu"), Conv2D(64, {3, 3}, "relu"), MaxPooling2D({2, 2}), Dropout(0.25),
      Flatten(), Dense(128, "relu"), Dropout(0.5), Dense(10, "softmax")});
}

}  // namespace

const std::vector<Example>& examples() {
  static const std::vector<Example> list = {
      {"mnist_cnn", "Keras' MNIST convnet (" + kMnistConvnet + ") on MNIST digits", "mnist", 64, 1, 0.1, "adam",
       "sparse_categorical_crossentropy", {60000, 10000, 10}, mnist_convnet},
      {"fashion_mnist_cnn", "The same convnet on Fashion-MNIST", "fashion_mnist", 64, 1, 0.1, "adam",
       "sparse_categorical_crossentropy", {60000, 10000, 10}, mnist_convnet},
      {"mlp", "Multi-layer perceptron: Flatten-Dense(256, relu)-Dense(128, relu)-Dense(10, softmax); Adam, batch 128",
       "fashion_mnist", 128, 1, 0.0, "adam", "sparse_categorical_crossentropy", {60000, 10000, 10},
       [] {
         return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
             Input({28, 28}), Flatten(), Dense(256, "relu"), Dense(128, "relu"), Dense(10, "softmax")});
       }},
      // The TensorFlow CIFAR-10 tutorial's convnet: logits out, cross-entropy from logits.
      {"cifar10_cnn",
       "Keras' CIFAR-10 convnet: Conv2D(32,3)-MaxPooling2D-Conv2D(64,3)-MaxPooling2D-Conv2D(64,3)-Flatten-"
       "Dense(64)-Dropout(0.5)-Dense(10, logits); Adam, batch 32",
       "cifar10", 32, 1, 0.0, "adam",
       LossSpec(losses::SparseCategoricalCrossentropy({.from_logits = true})),
       {50000, 10000, 10},
       [] {
         return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
             Input({32, 32, 3}), Conv2D(32, {3, 3}, "relu"), MaxPooling2D({2, 2}), Conv2D(64, {3, 3}, "relu"),
             MaxPooling2D({2, 2}), Conv2D(64, {3, 3}, "relu"), Flatten(), Dense(64, "relu"), Dropout(0.5),
             Dense(10)});
       }},
      // Keras' imdb_lstm example with the 10,000-word vocabulary and 200-token reviews of the peers.
      {"imdb_lstm",
       "Keras' IMDB sentiment LSTM: Embedding(10000,128)-LSTM(128, dropout 0.2, recurrent_dropout 0.2)-"
       "Dense(1, sigmoid) on 200-token reviews; Adam, batch 32",
       "imdb", 32, 1, 0.0, "adam", "binary_crossentropy", {25000, 25000, 2, 10000},
       [] {
         return std::make_shared<Sequential>(std::initializer_list<SequentialItem>{
             Input({200}), Embedding(10000, 128), LSTM(128, {.dropout = 0.2, .recurrent_dropout = 0.2}),
             Dense(1, "sigmoid")});
       }},
  };
  return list;
}

const Example& find_example(const std::string& name) {
  for (const auto& e : examples()) {
    if (e.name == name) return e;
  }
  std::string known;
  for (const auto& e : examples()) known += (known.empty() ? "" : ", ") + e.name;
  throw ValueError("Unknown model '" + name + "'. Built-in examples: " + known + " (see `kfit list`)");
}

}  // namespace kfit
