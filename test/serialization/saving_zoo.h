#pragma once
// Small models covering every weighted layer family, with inputs, for the saving tests.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "test/support/check.h"

namespace keras::testing {

struct ZooModel {
  std::string name;
  std::function<std::shared_ptr<Model>()> make;
  std::vector<Tensor> inputs;
};

inline std::vector<ZooModel> saving_zoo() {
  using namespace keras::layers;
  std::vector<ZooModel> zoo;
  zoo.push_back({"conv2d", [] {
                   return std::make_shared<Sequential>(Sequential{
                       Input({8, 8, 3}), Conv2D(4, {3, 3}, "relu"), DepthwiseConv2D({3, 3}, "tanh"),
                       SeparableConv2D(3, {2, 2}, "relu"), BatchNormalization(), Flatten(), Dense(3, "softmax")});
                 },
                 {random_tensor({2, 8, 8, 3}, -1, 1, 11)}});
  zoo.push_back({"conv1d", [] {
                   return std::make_shared<Sequential>(
                       Sequential{Input({6, 4}), Conv1D(3, 2, "relu"), Flatten(), Dense(2)});
                 },
                 {random_tensor({2, 6, 4}, -1, 1, 12)}});
  zoo.push_back({"recurrent", [] {
                   return std::make_shared<Sequential>(Sequential{
                       Input({7}), Embedding(20, 4), LSTM(5, {.return_sequences = true}),
                       GRU(4, {.return_sequences = true}), SimpleRNN(3), Dense(2)});
                 },
                 {random_tensor({2, 7}, 0, 19.99f, 13).astype(int32).astype(float32)}});
  zoo.push_back({"wrappers", [] {
                   return std::make_shared<Sequential>(Sequential{
                       Input({5, 4}), Bidirectional(LSTM(3, {.return_sequences = true})),
                       Bidirectional(GRU(2, {.return_sequences = true})), TimeDistributed(Dense(2, "relu"))});
                 },
                 {random_tensor({2, 5, 4}, -1, 1, 14)}});
  zoo.push_back({"attention_nested", [] {
                   KerasTensor q = Input({4, 6});
                   KerasTensor a = MultiHeadAttention(2, 3)(std::vector<KerasTensor>{q, q})[0];
                   auto inner = std::make_shared<Sequential>(
                       Sequential{Input({4, 6}), Dense(5, "relu"), BatchNormalization(), Dense(6)});
                   KerasTensor b = (*inner)(a);
                   KerasTensor out = Dense(2)(Flatten()(b));
                   return std::make_shared<Model>(q, out);
                 },
                 {random_tensor({2, 4, 6}, -1, 1, 15)}});
  return zoo;
}

/// Gives every weight distinct non-trivial values (BN statistics included), so that a load
/// that misses or swaps a weight changes the predictions.
inline void scramble_weights(Model& model, unsigned seed) {
  for (Variable* v : model.weights()) {
    v->assign(random_tensor(v->shape(), 0.2f, 0.9f, seed++));
  }
}

}  // namespace keras::testing
