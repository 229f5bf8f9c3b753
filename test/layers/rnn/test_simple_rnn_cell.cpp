// keras.layers.SimpleRNNCell: one step on [x, h] against the double-precision reference, its
// gradients, weights, Keras 3 config and errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/simple_rnn_cell.h"
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

TEST_CASE("SimpleRNNCell computes one step on [x, h]", "[layers][rnn][simple_rnn_cell]") {
  SimpleRNNCell cell(3);
  const Tensor x = random_tensor({2, 5}, -1, 1, 1), h = random_tensor({2, 3}, -1, 1, 2);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = cell({x, h});
  }
  REQUIRE(out.size() == 2);
  CHECK(cell.compute_output_shapes({x.shape(), h.shape()}) == std::vector<Shape>{out[0].shape(), out[1].shape()});
  CHECK(weight_names(cell) == std::vector<std::string>{"kernel", "recurrent_kernel", "bias"});
  const auto r =
      rnn_ref::run({.cell = rnn_ref::Cell::simple}, ops::reshape(x, Shape{2, 1, 5}), cell.get_weights(), {h});
  check_close(out[0], r.outputs, 1e-5, 1e-4);
  check_close(out[1], out[0], 0, 0);  // the output is the new state
  std::vector<Tensor> weights;
  for (Variable* v : cell.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return cell({in[0], in[1]})[0]; }, {x, h}, {}, weights);
}

TEST_CASE("SimpleRNNCell config round trip in Keras 3's keys and order", "[layers][rnn][simple_rnn_cell][config]") {
  SimpleRNNCell cell(4, {.activation = "relu", .recurrent_dropout = 0.3});
  std::vector<std::string> keys;
  const Json config = cell.get_config();
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "units", "activation", "use_bias",
                                         "kernel_initializer", "recurrent_initializer", "bias_initializer",
                                         "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                                         "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                                         "recurrent_dropout", "seed"});
  check_config_round_trip(cell);
}

TEST_CASE("SimpleRNNCell rejects bad arguments, naming the cell", "[layers][rnn][simple_rnn_cell][errors]") {
  REQUIRE_THROWS_WITH(SimpleRNNCell(0, {.name = "s"}), Catch::Contains("\"s\"") && Catch::Contains("units"));
  REQUIRE_THROWS_WITH(SimpleRNNCell::from_config(Json{{"name", "s"}, {"units", 2}, {"dropout", "x"}}),
                      Catch::Contains("\"s\"") && Catch::Contains("'dropout'"));
}
