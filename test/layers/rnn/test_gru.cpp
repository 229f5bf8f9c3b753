// keras.layers.GRU, both conventions (reset_after, the default, and reset_before): the layer
// contract, values against the double-precision step-by-step reference, masks, go_backwards,
// return_state, initial states, stateful, dropout, Keras 3 configs, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "layers/rnn/gru.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

rnn_ref::Config ref_config(const GRUOptions& o) {
  return {.cell = rnn_ref::Cell::gru,
          .activation = o.activation,
          .recurrent_activation = o.recurrent_activation,
          .reset_after = o.reset_after,
          .go_backwards = o.go_backwards,
          .zero_output_for_mask = o.zero_output_for_mask};
}

}  // namespace

TEST_CASE("GRU satisfies the layer contract", "[layers][rnn][gru]") {
  run_layer_test({.make = [] { return std::make_shared<GRU>(3); },
                  .input_shape = {2, 4, 5},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<GRU>(2, GRU::Options{.return_sequences = true,
                                                                             .reset_after = false}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 2},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
}

TEST_CASE("GRU weights have Keras' shapes for both conventions", "[layers][rnn][gru]") {
  GRU after(4), before(4, {.reset_after = false}), no_bias(4, {.use_bias = false});
  for (GRU* g : {&after, &before, &no_bias}) g->maybe_build({2, 3, 5});
  CHECK(after.get_weights()[0].shape() == Shape{5, 12});
  CHECK(after.get_weights()[1].shape() == Shape{4, 12});
  CHECK(after.get_weights()[2].shape() == Shape{2, 12});
  CHECK(before.get_weights()[2].shape() == Shape{12});
  CHECK(no_bias.weights().size() == 2);
}

TEST_CASE("GRU computes Keras' GRU step by step", "[layers][rnn][gru]") {
  for (GRUOptions o : {GRUOptions{.return_sequences = true}, GRUOptions{.return_sequences = true, .reset_after = false},
                       GRUOptions{.activation = "relu", .recurrent_activation = "hard_sigmoid",
                                  .return_sequences = true, .go_backwards = true, .reset_after = false}}) {
    GRU gru(4, o);
    const Tensor x = random_tensor({3, 6, 5}, -1, 1, 4);
    gru.maybe_build(x.shape());
    // Non-zero biases so both bias rows of reset_after matter.
    std::vector<Tensor> w = gru.get_weights();
    w[2] = random_tensor(w[2].shape(), -0.5f, 0.5f, 9);
    gru.set_weights(w);
    check_close(forward(gru, x), rnn_ref::run(ref_config(o), x, w).outputs, 1e-5, 1e-4);
  }
}

TEST_CASE("GRU masks, return_state, initial states and stateful", "[layers][rnn][gru]") {
  for (bool after : {true, false}) {
    GRUOptions o{.return_sequences = true, .return_state = true, .reset_after = after};
    GRU gru(3, o);
    Tensor x = random_tensor({2, 5, 3}, -1, 1, 6);
    const Tensor mask = Tensor::from_vector(std::vector<float>{0, 1, 1, 0, 1, 1, 1, 0, 1, 0}, Shape{2, 5});
    x.set_mask(mask);
    const Tensor h0 = random_tensor({2, 3}, -1, 1, 7);
    std::vector<Tensor> out;
    {
      autograd::NoGradGuard no_grad;
      out = gru({x, h0});
    }
    REQUIRE(out.size() == 2);
    const auto r = rnn_ref::run(ref_config(o), x, gru.get_weights(), {h0}, mask);
    check_close(out[0], r.outputs, 1e-5, 1e-4);
    check_close(out[1], r.states[0], 1e-5, 1e-4);
    CHECK(out[0].mask().defined());
    CHECK(!out[1].mask().defined());
  }
  GRU stateful(2, {.stateful = true});
  const Tensor x = random_tensor({1, 3, 2}, -1, 1, 8);
  const Tensor first = forward(stateful, x);
  const auto r = rnn_ref::run(ref_config({}), x, stateful.get_weights());
  const auto r2 = rnn_ref::run(ref_config({}), x, stateful.get_weights(),
                               {Tensor::from_vector(r.states[0], Shape{1, 2}).astype(float32)});
  check_close(forward(stateful, x), r2.last(), 1e-5, 1e-4);
  stateful.reset_states();
  check_close(forward(stateful, x), first, 1e-6, 1e-6);
}

TEST_CASE("GRU dropout applies in training only", "[layers][rnn][gru][dropout]") {
  GRU gru(3, {.dropout = 0.4, .recurrent_dropout = 0.4, .reset_after = false});
  const Tensor x = random_tensor({4, 5, 6}, -1, 1, 10);
  const Tensor inference = forward(gru, x);
  check_close(inference, rnn_ref::run(ref_config({.reset_after = false}), x, gru.get_weights()).last(), 1e-5, 1e-4);
  CHECK(forward(gru, x, true).to_vector<double>() != inference.to_vector<double>());
}

TEST_CASE("GRU configs use Keras 3's keys and order", "[layers][rnn][gru][config]") {
  GRU gru(8, {.reset_after = false});
  std::vector<std::string> keys;
  const Json config = gru.get_config();
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{
                    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards", "stateful",
                    "unroll", "zero_output_for_mask", "units", "activation", "recurrent_activation", "use_bias",
                    "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                    "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "reset_after", "seed"});
  auto copy = deserialize(serialize(gru));
  CHECK(copy->get_config()["reset_after"] == false);
}

TEST_CASE("GRU rejects bad arguments and inputs, naming the layer", "[layers][rnn][gru][errors]") {
  REQUIRE_THROWS_WITH(GRU(-2), Catch::Contains("units") && Catch::Contains("got -2"));
  REQUIRE_THROWS_WITH(GRU(3, {.recurrent_activation = "gelu", .name = "g"}),
                      Catch::Contains("GRU layer \"g\"") && Catch::Contains("recurrent_activation='gelu'"));
  GRU gru(3, {.name = "g"});
  REQUIRE_THROWS_WITH(gru({Tensor::zeros({2, 4, 3}), Tensor::zeros({2, 4})}),
                      Catch::Contains("\"g\"") && Catch::Contains("(2, 3)"));
}
