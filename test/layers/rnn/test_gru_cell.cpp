// keras.layers.GRUCell, both conventions: one step on [x, h] against the double-precision
// reference, its gradients, weights, Keras 3 config and errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/gru_cell.h"
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

TEST_CASE("GRUCell computes one GRU step on [x, h]", "[layers][rnn][gru_cell]") {
  for (bool after : {true, false}) {
    GRUCell cell(3, {.reset_after = after});
    const Tensor x = random_tensor({2, 5}, -1, 1, 1), h = random_tensor({2, 3}, -1, 1, 2);
    cell.maybe_build(x.shape());
    std::vector<Tensor> w = cell.get_weights();
    w[2] = random_tensor(w[2].shape(), -0.5f, 0.5f, 4);
    cell.set_weights(w);
    CHECK(w[2].shape() == (after ? Shape{2, 9} : Shape{9}));
    std::vector<Tensor> out;
    {
      autograd::NoGradGuard no_grad;
      out = cell({x, h});
    }
    REQUIRE(out.size() == 2);
    CHECK(cell.compute_output_shapes({x.shape(), h.shape()}) == std::vector<Shape>{out[0].shape(), out[1].shape()});
    const auto r = rnn_ref::run({.cell = rnn_ref::Cell::gru, .reset_after = after}, ops::reshape(x, Shape{2, 1, 5}),
                                w, {h});
    check_close(out[0], r.outputs, 1e-5, 1e-4);
    check_close(out[1], r.states[0], 1e-5, 1e-4);
    std::vector<Tensor> weights;
    for (Variable* v : cell.weights()) weights.push_back(v->value());
    check_gradients([&](const std::vector<Tensor>& in) { return cell({in[0], in[1]})[0]; }, {x, h}, {}, weights);
  }
}

TEST_CASE("GRUCell config round trip in Keras 3's keys and order", "[layers][rnn][gru_cell][config]") {
  GRUCell cell(4, {.reset_after = false});
  std::vector<std::string> keys;
  const Json config = cell.get_config();
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "units", "activation", "recurrent_activation",
                                         "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
                                         "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                                         "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                                         "recurrent_dropout", "reset_after", "seed"});
  check_config_round_trip(cell);
}

TEST_CASE("GRUCell rejects bad arguments and calls, naming the cell", "[layers][rnn][gru_cell][errors]") {
  REQUIRE_THROWS_WITH(GRUCell(3, {.activation = "softmax", .name = "g"}),
                      Catch::Contains("GRUCell \"g\"") && Catch::Contains("softmax"));
  GRUCell cell(3, {.name = "g"});
  REQUIRE_THROWS_WITH(cell({Tensor::zeros({2, 4}), Tensor::zeros({2, 5})}),
                      Catch::Contains("\"g\"") && Catch::Contains("(2, 3)"));
}
