// keras.layers.LSTMCell: one step on [x, h, c] against the double-precision reference, its
// gradients, weights, Keras 3 config and errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/lstm_cell.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_checks.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("LSTMCell computes one LSTM step on [x, h, c]", "[layers][rnn][lstm_cell]") {
  LSTMCell cell(3, {.recurrent_activation = "hard_sigmoid"});
  const Tensor x = random_tensor({2, 5}, -1, 1, 1), h = random_tensor({2, 3}, -1, 1, 2), c = random_tensor({2, 3}, -1, 1, 3);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = cell({x, h, c});
  }
  REQUIRE(out.size() == 3);
  CHECK(weight_names(cell) == std::vector<std::string>{"kernel", "recurrent_kernel", "bias"});
  CHECK(cell.get_weights()[0].shape() == Shape{5, 12});
  const auto r = rnn_ref::run({.cell = rnn_ref::Cell::lstm, .recurrent_activation = "hard_sigmoid"},
                              ops::reshape(x, Shape{2, 1, 5}), cell.get_weights(), {h, c});
  check_close(out[0], r.outputs, 1e-5, 1e-4);
  check_close(out[1], r.states[0], 1e-5, 1e-4);
  check_close(out[2], r.states[1], 1e-5, 1e-4);
  CHECK(cell.compute_output_shapes({{2, 5}, {2, 3}, {2, 3}}) == std::vector<Shape>{{2, 3}, {2, 3}, {2, 3}});

  std::vector<Tensor> weights;
  for (Variable* v : cell.weights()) weights.push_back(v->value());
  check_gradients(
      [&](const std::vector<Tensor>& in) {
        std::vector<Tensor> o = cell({in[0], in[1], in[2]});
        return ops::concatenate({o[0], o[2]}, 1);
      },
      {x, h, c}, {}, weights);
}

TEST_CASE("LSTMCell config round trip in Keras 3's keys and order", "[layers][rnn][lstm_cell][config]") {
  LSTMCell cell(4, {.unit_forget_bias = false, .dropout = 0.1, .seed = 7});
  std::vector<std::string> keys;
  const Json config = cell.get_config();
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "units", "activation", "recurrent_activation",
                                         "use_bias", "unit_forget_bias", "kernel_initializer",
                                         "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                                         "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                                         "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
                                         "seed"});
  check_config_round_trip(cell);
  cell.maybe_build({1, 2});
  check_close(cell.get_weights()[2], std::vector<double>(16, 0.0));  // no forget-gate ones
}

TEST_CASE("LSTMCell rejects bad arguments and calls, naming the cell", "[layers][rnn][lstm_cell][errors]") {
  REQUIRE_THROWS_WITH(LSTMCell(0), Catch::Contains("units"));
  LSTMCell cell(3, {.name = "c"});
  REQUIRE_THROWS_WITH(cell(Tensor::zeros({2, 4})), Catch::Contains("\"c\"") && Catch::Contains("states"));
  REQUIRE_THROWS_WITH(cell({Tensor::zeros({2, 4}), Tensor::zeros({2, 3})}),
                      Catch::Contains("\"c\"") && Catch::Contains("2 states"));
}
