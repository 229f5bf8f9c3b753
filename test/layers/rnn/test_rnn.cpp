// keras.layers.RNN around each cell: values against the double-precision reference and the
// dedicated layers, masks, return_state, unroll, weights, config round trips, gradients, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "layers/rnn/gru_cell.h"
#include "layers/rnn/lstm.h"
#include "layers/rnn/rnn.h"
#include "layers/rnn/simple_rnn_cell.h"
#include "layers/rnn/stacked_rnn_cells.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_checks.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("RNN runs each cell as Keras' loop does", "[layers][rnn][rnn_layer]") {
  Tensor x = random_tensor({2, 5, 3}, -1, 1, 1);
  const Tensor mask = Tensor::from_vector(std::vector<float>{1, 1, 0, 1, 1, 0, 1, 1, 1, 0}, Shape{2, 5});
  x.set_mask(mask);
  struct Case {
    std::shared_ptr<RecurrentCell> cell;
    rnn_ref::Config ref;
  };
  const std::vector<Case> cases = {
      {std::make_shared<SimpleRNNCell>(4), {.cell = rnn_ref::Cell::simple}},
      {std::make_shared<LSTMCell>(4), {.cell = rnn_ref::Cell::lstm}},
      {std::make_shared<GRUCell>(4, GRUCell::Options{.reset_after = false}),
       {.cell = rnn_ref::Cell::gru, .reset_after = false}},
  };
  for (const Case& c : cases) {
    INFO(c.cell->class_name());
    RNN rnn(c.cell, {.return_sequences = true, .go_backwards = true});
    const Tensor y = forward(rnn, x);
    rnn_ref::Config ref = c.ref;
    ref.go_backwards = true;
    check_close(y, rnn_ref::run(ref, x, rnn.get_weights(), {}, mask).outputs, 1e-5, 1e-4);
    CHECK(y.mask().defined());
    CHECK(weight_names(rnn) == std::vector<std::string>{"kernel", "recurrent_kernel", "bias"});
    CHECK(rnn.weights()[0]->path() == c.cell->name() + "/kernel");
  }
}

TEST_CASE("RNN(LSTMCell) equals LSTM; unroll changes nothing", "[layers][rnn][rnn_layer]") {
  const Tensor x = random_tensor({3, 4, 2}, -1, 1, 2);
  RNN rnn(std::make_shared<LSTMCell>(3), {.return_state = true});
  LSTM lstm(3, {.return_state = true, .unroll = true});
  lstm.maybe_build(x.shape());
  rnn.maybe_build(x.shape());
  rnn.set_weights(lstm.get_weights());
  autograd::NoGradGuard no_grad;
  const std::vector<Tensor> a = rnn(std::vector<Tensor>{x}), b = lstm(std::vector<Tensor>{x});
  REQUIRE(a.size() == 3);
  for (std::size_t i = 0; i < a.size(); ++i) check_close(a[i], b[i], 1e-6, 1e-6);
  CHECK(rnn.compute_output_shapes({x.shape()}) == std::vector<Shape>{{3, 3}, {3, 3}, {3, 3}});
}

TEST_CASE("RNN config round trip and gradients", "[layers][rnn][rnn_layer][config]") {
  RNN rnn(std::make_shared<GRUCell>(2), {.return_sequences = true, .stateful = false});
  const Tensor x = random_tensor({2, 3, 4}, -1, 1, 3);
  const Tensor y = forward(rnn, x);
  const Json config = rnn.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "return_sequences", "return_state",
                                         "go_backwards", "stateful", "unroll", "zero_output_for_mask", "cell"});
  CHECK(config["cell"]["class_name"] == "GRUCell");
  auto copy = check_config_round_trip(rnn);
  copy->maybe_build(x.shape());
  copy->set_weights(rnn.get_weights());
  check_close(forward(*copy, x), y, 1e-6, 1e-6);
  std::vector<Tensor> weights;
  for (Variable* v : rnn.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return rnn(in[0]); }, {x}, {}, weights);
}

TEST_CASE("RNN of a list of cells stacks them", "[layers][rnn][rnn_layer]") {
  RNN rnn(std::vector<std::shared_ptr<RecurrentCell>>{std::make_shared<SimpleRNNCell>(3),
                                                        std::make_shared<LSTMCell>(2)});
  CHECK(rnn.cell().class_name() == "StackedRNNCells");
  CHECK(forward(rnn, random_tensor({2, 4, 3})).shape() == Shape{2, 2});
  CHECK(rnn.weights().size() == 6);
}

TEST_CASE("RNN rejects bad cells and inputs, naming the layer", "[layers][rnn][rnn_layer][errors]") {
  REQUIRE_THROWS_WITH(RNN(std::shared_ptr<RecurrentCell>(), {.name = "r"}), Catch::Contains("\"r\"") &&
                                                                               Catch::Contains("cell"));
  Json config = RNN(std::make_shared<LSTMCell>(2), {.name = "r2"}).get_config();
  config["cell"] = layers::serialize(Dense(2));
  REQUIRE_THROWS_WITH(RNN::from_config(config), Catch::Contains("\"r2\"") && Catch::Contains("'cell'") &&
                                                    Catch::Contains("Dense"));
  RNN rnn(std::make_shared<LSTMCell>(2), {.name = "r3"});
  REQUIRE_THROWS_WITH(forward(rnn, Tensor::zeros({2, 3})), Catch::Contains("\"r3\""));
  REQUIRE_THROWS_WITH(forward(rnn, Tensor::zeros({2, 0, 3})), Catch::Contains("\"r3\"") &&
                                                                 Catch::Contains("time step"));
}
