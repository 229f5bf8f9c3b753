// keras.layers.StackedRNNCells: the whole-sequence stacked run against hand-written loops and
// against Keras' definition, one step at a time through every cell (with masks and go_backwards),
// output shapes, states in order, weights, gradients over masked sequences, config round trip,
// errors.

#include <catch2/catch.hpp>
#include <cmath>
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

// A tanh SimpleRNN cell's weights: kernel (in, units), recurrent_kernel (units, units), bias.
struct Weights {
  std::size_t in, units;
  std::vector<float> kernel, recurrent_kernel, bias;
};

// h' = tanh(x kernel + h recurrent_kernel + bias), by hand.
std::vector<double> simple_step(const Weights& w, const std::vector<double>& x, const std::vector<double>& h) {
  std::vector<double> out(w.units);
  for (std::size_t k = 0; k < w.units; ++k) {
    double z = w.bias[k];
    for (std::size_t i = 0; i < w.in; ++i) z += x[i] * w.kernel[i * w.units + k];
    for (std::size_t j = 0; j < w.units; ++j) z += h[j] * w.recurrent_kernel[j * w.units + k];
    out[k] = std::tanh(z);
  }
  return out;
}

struct StackResult {
  std::vector<double> outputs, h1, h2;  // (B, T, units2) in processing order; final states
};

// Keras' RNN over StackedRNNCells([a, b]) from zero states: each used step feeds x_t through a,
// then a's new state through b; a masked step keeps both states and repeats the last output.
StackResult two_cell_reference(const Weights& a, const Weights& b, const std::vector<float>& x, std::size_t B,
                               std::size_t T, const std::vector<float>& mask, bool backwards) {
  StackResult r;
  for (std::size_t n = 0; n < B; ++n) {
    std::vector<double> h1(a.units, 0.0), h2(b.units, 0.0), prev(b.units, 0.0);
    for (std::size_t s = 0; s < T; ++s) {
      const std::size_t t = backwards ? T - 1 - s : s;
      if (mask[n * T + t] != 0.0f) {
        const std::vector<double> xt(x.begin() + static_cast<std::ptrdiff_t>((n * T + t) * a.in),
                                     x.begin() + static_cast<std::ptrdiff_t>((n * T + t + 1) * a.in));
        h1 = simple_step(a, xt, h1);
        h2 = simple_step(b, h1, h2);
        prev = h2;
      }
      r.outputs.insert(r.outputs.end(), prev.begin(), prev.end());
    }
    r.h1.insert(r.h1.end(), h1.begin(), h1.end());
    r.h2.insert(r.h2.end(), h2.begin(), h2.end());
  }
  return r;
}

}  // namespace

TEST_CASE("StackedRNNCells of two SimpleRNNCells against hand-written loops", "[layers][rnn][stacked]") {
  const Weights a{2, 2, {0.5f, -0.3f, 0.2f, 0.4f}, {0.1f, 0.2f, -0.3f, 0.25f}, {0.05f, -0.1f}};
  const Weights b{2, 3, {0.3f, -0.2f, 0.6f, -0.4f, 0.5f, 0.1f},
                  {0.2f, -0.1f, 0.05f, 0.3f, 0.1f, -0.2f, -0.15f, 0.25f, 0.1f}, {0.0f, 0.1f, -0.05f}};
  const std::vector<float> xv = random_values(2 * 4 * 2, -1, 1, 3), m{1, 0, 1, 1, 0, 1, 1, 0};
  for (bool backwards : {false, true}) {
    INFO((backwards ? "go_backwards" : "forwards"));
    auto stack = std::make_shared<StackedRNNCells>(std::vector<std::shared_ptr<RecurrentCell>>{
        std::make_shared<SimpleRNNCell>(2), std::make_shared<SimpleRNNCell>(3)});
    RNN rnn(stack, {.return_sequences = true, .return_state = true, .go_backwards = backwards});
    Tensor x = Tensor::from_vector(xv, Shape{2, 4, 2});
    x.set_mask(Tensor::from_vector(m, Shape{2, 4}));
    rnn.maybe_build(x.shape());
    rnn.set_weights({tensor(a.kernel, {2, 2}), tensor(a.recurrent_kernel, {2, 2}), tensor(a.bias, {2}),
                     tensor(b.kernel, {2, 3}), tensor(b.recurrent_kernel, {3, 3}), tensor(b.bias, {3})});
    std::vector<Tensor> out;
    {
      autograd::NoGradGuard no_grad;
      out = rnn(std::vector<Tensor>{x});
    }
    REQUIRE(out.size() == 3);  // the sequence, then each cell's h
    const StackResult want = two_cell_reference(a, b, xv, 2, 4, m, backwards);
    check_close(out[0], want.outputs, 1e-6, 1e-5);
    check_close(out[1], want.h1, 1e-6, 1e-5);
    check_close(out[2], want.h2, 1e-6, 1e-5);
    CHECK(rnn.compute_output_shapes({x.shape()}) == std::vector<Shape>{out[0].shape(), out[1].shape(), out[2].shape()});
    // One step of the stack on [x_t, h1, h2]: the last cell's output, then every state.
    const Tensor xt = random_tensor({2, 2}, -1, 1, 4);
    std::vector<Tensor> step;
    {
      autograd::NoGradGuard no_grad;
      step = (*stack)({xt, out[1], out[2]});
    }
    REQUIRE(step.size() == 3);
    CHECK(stack->compute_output_shapes({xt.shape(), out[1].shape(), out[2].shape()}) ==
          std::vector<Shape>{step[0].shape(), step[1].shape(), step[2].shape()});
  }
}

TEST_CASE("RNN(StackedRNNCells) gradients over a masked sequence, both directions", "[layers][rnn][stacked]") {
  for (bool backwards : {false, true}) {
    INFO((backwards ? "go_backwards" : "forwards"));
    RNN rnn(std::make_shared<StackedRNNCells>(std::vector<std::shared_ptr<RecurrentCell>>{
                std::make_shared<LSTMCell>(2), std::make_shared<GRUCell>(2)}),
            {.return_sequences = true, .return_state = true, .go_backwards = backwards});
    Tensor x = random_tensor({2, 4, 2}, -1, 1, 5);
    x.set_mask(Tensor::from_vector(std::vector<float>{0, 1, 1, 0, 1, 1, 0, 1}, Shape{2, 4}));
    const Tensor h1 = random_tensor({2, 2}, -1, 1, 6), c1 = random_tensor({2, 2}, -1, 1, 7);
    const Tensor h2 = random_tensor({2, 2}, -1, 1, 8);
    rnn.maybe_build({x.shape(), h1.shape(), c1.shape(), h2.shape()});
    std::vector<Tensor> weights;
    for (Variable* v : rnn.weights()) weights.push_back(v->value());
    check_gradients(
        [&](const std::vector<Tensor>& in) {
          std::vector<Tensor> flat;
          for (const Tensor& t : rnn({in[0], in[1], in[2], in[3]})) flat.push_back(ops::reshape(t, Shape{-1}));
          return ops::concatenate(flat, 0);
        },
        {x, h1, c1, h2}, {}, weights);
  }
}

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
