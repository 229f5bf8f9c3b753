// keras.layers.StackedRNNCells: the whole-sequence stacked run against Keras' definition, one
// step at a time through every cell (with masks and go_backwards), states in order, weights,
// config round trip, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/gru_cell.h"
#include "layers/rnn/lstm_cell.h"
#include "layers/rnn/rnn.h"
#include "layers/rnn/simple_rnn_cell.h"
#include "layers/rnn/stacked_rnn_cells.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_checks.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Keras' StackedRNNCells.call inside Keras' RNN loop: each step runs the cells in turn on
// [input, own states]; a masked step keeps every state and repeats the previous output.
std::vector<Tensor> step_by_step(StackedRNNCells& stack, const Tensor& x, const Tensor& mask, bool backwards) {
  const std::int64_t B = x.dim(0), T = x.dim(1);
  std::vector<Tensor> states;
  for (const Shape& s : stack.state_shapes({B, x.dim(2)})) states.push_back(Tensor::zeros(s));
  Tensor prev = Tensor::zeros(stack.compute_output_shape({B, x.dim(2)}));
  std::vector<Tensor> outputs;
  for (std::int64_t s = 0; s < T; ++s) {
    const std::int64_t t = backwards ? T - 1 - s : s;
    Tensor in = ops::squeeze(ops::slice_axis(x, 1, t, t + 1), 1);
    std::vector<Tensor> next;
    std::size_t used = 0;
    for (const auto& cell : stack.cells()) {
      const std::size_t n = cell->state_shapes(in.shape()).size();
      std::vector<Tensor> args{in};
      args.insert(args.end(), states.begin() + static_cast<std::ptrdiff_t>(used),
                  states.begin() + static_cast<std::ptrdiff_t>(used + n));
      std::vector<Tensor> out = (*cell)(args);
      in = out[0];
      next.insert(next.end(), out.begin() + 1, out.end());
      used += n;
    }
    const Tensor m = ops::reshape(ops::slice_axis(mask, 1, t, t + 1), Shape{B, 1});
    for (std::size_t i = 0; i < states.size(); ++i) states[i] = ops::where(m, next[i], states[i]);
    prev = ops::where(m, in, prev);
    outputs.push_back(prev);
  }
  std::vector<Tensor> result{ops::stack(outputs, 1)};
  result.insert(result.end(), states.begin(), states.end());
  return result;
}

}  // namespace

TEST_CASE("StackedRNNCells runs its cells as one cell, step by step", "[layers][rnn][stacked]") {
  for (bool backwards : {false, true}) {
    auto stack = std::make_shared<StackedRNNCells>(std::vector<std::shared_ptr<RecurrentCell>>{
        std::make_shared<LSTMCell>(3), std::make_shared<GRUCell>(2), std::make_shared<SimpleRNNCell>(4)});
    RNN rnn(stack, {.return_sequences = true, .return_state = true, .go_backwards = backwards});
    Tensor x = random_tensor({2, 5, 3}, -1, 1, 1);
    const Tensor mask = Tensor::from_vector(std::vector<float>{0, 1, 1, 0, 1, 1, 1, 1, 1, 0}, Shape{2, 5});
    x.set_mask(mask);
    autograd::NoGradGuard no_grad;
    const std::vector<Tensor> got = rnn(std::vector<Tensor>{x});
    const std::vector<Tensor> want = step_by_step(*stack, x, mask, backwards);
    REQUIRE(got.size() == 5);  // output, then h and c of the LSTM, h of the GRU, h of the SimpleRNN
    REQUIRE(want.size() == 5);
    for (std::size_t i = 0; i < got.size(); ++i) check_close(got[i], want[i], 1e-5, 1e-4);
    CHECK(stack->state_shapes({2, 3}) == std::vector<Shape>{{2, 3}, {2, 3}, {2, 2}, {2, 4}});
    CHECK(weight_names(rnn).size() == 9);
    CHECK(rnn.weights()[3]->shape() == Shape{3, 6});  // the GRU cell's kernel: after the LSTM's three
  }
}

TEST_CASE("StackedRNNCells config round trip and gradients", "[layers][rnn][stacked][config]") {
  StackedRNNCells stack({std::make_shared<SimpleRNNCell>(2), std::make_shared<LSTMCell>(2)});
  const Json config = stack.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "cells"});
  CHECK(config["cells"][1]["class_name"] == "LSTMCell");
  check_config_round_trip(stack);
  const Tensor x = random_tensor({2, 3}, -1, 1, 2), h1 = random_tensor({2, 2}, -1, 1, 3);
  const Tensor h2 = random_tensor({2, 2}, -1, 1, 4), c2 = random_tensor({2, 2}, -1, 1, 5);
  const std::vector<Tensor> out = stack({x, h1, h2, c2});
  REQUIRE(out.size() == 4);
  std::vector<Tensor> weights;
  for (Variable* v : stack.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return stack({in[0], in[1], in[2], in[3]})[0]; },
                  {x, h1, h2, c2}, {}, weights);
}

TEST_CASE("StackedRNNCells rejects empty lists and wrong states", "[layers][rnn][stacked][errors]") {
  REQUIRE_THROWS_WITH(StackedRNNCells({}, {.name = "st"}), Catch::Contains("\"st\"") && Catch::Contains("empty"));
  StackedRNNCells stack({std::make_shared<LSTMCell>(2)}, {.name = "st"});
  REQUIRE_THROWS_WITH(stack({Tensor::zeros({1, 2}), Tensor::zeros({1, 2})}), Catch::Contains("\"st\""));
}
