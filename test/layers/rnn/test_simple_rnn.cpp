// keras.layers.SimpleRNN: the layer contract, values against the double-precision reference,
// masks, go_backwards, return_state, initial states, stateful, per-sequence dropout masks,
// Keras 3 configs, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/simple_rnn.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

rnn_ref::Config ref_config(const SimpleRNNOptions& o) {
  return {.cell = rnn_ref::Cell::simple,
          .activation = o.activation,
          .go_backwards = o.go_backwards,
          .zero_output_for_mask = o.zero_output_for_mask};
}

}  // namespace

TEST_CASE("SimpleRNN satisfies the layer contract", "[layers][rnn][simple_rnn]") {
  run_layer_test({.make = [] { return std::make_shared<SimpleRNN>(3); },
                  .input_shape = {2, 4, 5},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<SimpleRNN>(2, SimpleRNN::Options{.activation = "relu",
                                                                                         .return_sequences = true}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 2},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"},
                  .input_lo = 0.2f});
}

TEST_CASE("SimpleRNN computes h' = activation(x W + h U + b) step by step", "[layers][rnn][simple_rnn]") {
  for (SimpleRNNOptions o : {SimpleRNNOptions{.return_sequences = true},
                             SimpleRNNOptions{.activation = "relu", .return_sequences = true, .go_backwards = true},
                             SimpleRNNOptions{.return_sequences = true, .zero_output_for_mask = true}}) {
    SimpleRNN rnn(4, o);
    Tensor x = random_tensor({3, 6, 5}, -1, 1, 4);
    const Tensor mask = Tensor::from_vector(
        std::vector<float>{0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0}, Shape{3, 6});
    x.set_mask(mask);
    const Tensor y = forward(rnn, x);  // builds the layer before its weights are read
    check_close(y, rnn_ref::run(ref_config(o), x, rnn.get_weights(), {}, mask).outputs, 1e-5, 1e-4);
  }
}

TEST_CASE("SimpleRNN return_state, initial states and stateful", "[layers][rnn][simple_rnn]") {
  SimpleRNN rnn(3, {.return_state = true});
  const Tensor x = random_tensor({2, 4, 3}, -1, 1, 6), h0 = random_tensor({2, 3}, -1, 1, 7);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = rnn({x, h0});
  }
  REQUIRE(out.size() == 2);
  const auto r = rnn_ref::run(ref_config({}), x, rnn.get_weights(), {h0});
  check_close(out[0], r.last(), 1e-5, 1e-4);
  check_close(out[1], r.states[0], 1e-5, 1e-4);

  SimpleRNN stateful(2, {.stateful = true});
  const Tensor first = forward(stateful, x);
  CHECK(forward(stateful, x).to_vector<double>() != first.to_vector<double>());
  stateful.reset_states();
  check_close(forward(stateful, x), first, 1e-6, 1e-6);
}

TEST_CASE("SimpleRNN dropout masks are drawn once per sequence", "[layers][rnn][simple_rnn][dropout]") {
  // kernel = I, recurrent_kernel = 0, linear: each output step is x_t times the input mask.
  SimpleRNN rnn(4, {.activation = "linear", .use_bias = false, .dropout = 0.5, .return_sequences = true, .seed = 5});
  const Tensor x = Tensor::ones({3, 6, 4});
  rnn.maybe_build(x.shape());
  std::vector<float> eye(16, 0.0f);
  for (int i = 0; i < 4; ++i) eye[static_cast<std::size_t>(i * 5)] = 1.0f;
  rnn.set_weights({Tensor::from_vector(eye, Shape{4, 4}), Tensor::zeros({4, 4})});
  const std::vector<double> y = forward(rnn, x, true).to_vector<double>();
  int dropped = 0;
  for (int b = 0; b < 3; ++b) {
    for (int t = 0; t < 6; ++t) {
      for (int k = 0; k < 4; ++k) {
        const double v = y[static_cast<std::size_t>((b * 6 + t) * 4 + k)];
        CHECK((v == 0.0 || v == Approx(2.0)));  // dropped, or kept and scaled by 1 / (1 - rate)
        CHECK(v == y[static_cast<std::size_t>(b * 24 + k)]);  // the same mask at every step
        dropped += v == 0.0 && t == 0;
      }
    }
  }
  CHECK(dropped > 0);
  CHECK(dropped < 12);
  check_close(forward(rnn, x), std::vector<double>(72, 1.0));  // no dropout at inference
}

TEST_CASE("SimpleRNN configs use Keras 3's keys and order", "[layers][rnn][simple_rnn][config]") {
  SimpleRNN rnn(8);
  std::vector<std::string> keys;
  const Json config = rnn.get_config();
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "return_sequences", "return_state",
                                         "go_backwards", "stateful", "unroll", "zero_output_for_mask", "units",
                                         "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
                                         "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
                                         "bias_regularizer", "activity_regularizer", "kernel_constraint",
                                         "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout"});
}

TEST_CASE("SimpleRNN rejects bad arguments and inputs, naming the layer", "[layers][rnn][simple_rnn][errors]") {
  REQUIRE_THROWS_WITH(SimpleRNN(0), Catch::Contains("units"));
  REQUIRE_THROWS_WITH(SimpleRNN(2, {.activation = "mish", .name = "s"}),
                      Catch::Contains("SimpleRNN layer \"s\"") && Catch::Contains("mish"));
  SimpleRNN rnn(2, {.unroll = true, .name = "s"});
  REQUIRE_THROWS_WITH(rnn.maybe_build(Shape{2, -1, 3}), Catch::Contains("\"s\"") && Catch::Contains("unroll"));
}
