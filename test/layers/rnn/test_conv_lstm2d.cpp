// keras.layers.ConvLSTM2D: the layer contract, values against a double-precision reference
// written with naive convolution loops (valid and same padding, strides, dilation), masks,
// go_backwards, return_state, gradients through masks, dropout, Keras 3 config, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/rnn/conv_lstm2d.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/conv_lstm_reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

using conv_lstm_ref::Geometry;

TEST_CASE("ConvLSTM2D satisfies the layer contract", "[layers][rnn][conv_lstm2d]") {
  run_layer_test({.make = [] { return std::make_shared<ConvLSTM2D>(2, 2); },
                  .input_shape = {1, 2, 3, 3, 1},
                  .expected_output_shape = Shape{1, 2, 2, 2},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
}

TEST_CASE("ConvLSTM2D computes Keras' ConvLSTM step by step", "[layers][rnn][conv_lstm2d]") {
  struct Case {
    Geometry g;
    bool backwards;
  };
  for (const Case& c : {Case{{3, 3, 1, false}, false}, Case{{3, 3, 1, true}, true}, Case{{3, 2, 2, true}, false},
                        Case{{2, 3, 1, false, 2}, true}}) {
    ConvLSTM2D layer(3, {c.g.kh, c.g.kw},
                     {.strides = c.g.stride, .padding = c.g.same ? "same" : "valid", .dilation_rate = c.g.dilation,
                      .return_sequences = true, .go_backwards = c.backwards});
    const Tensor x = random_tensor({2, 3, 6, 5, 2}, -1, 1, 1);
    const Tensor y = forward(layer, x);
    std::vector<Tensor> w = layer.get_weights();
    CHECK(w[0].shape() == Shape{c.g.kh, c.g.kw, 2, 12});
    CHECK(w[1].shape() == Shape{c.g.kh, c.g.kw, 3, 12});
    check_close(w[2], {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0});  // unit_forget_bias
    w[2] = random_tensor({12}, -0.5f, 0.5f, 2);
    layer.set_weights(w);
    check_close(forward(layer, x), conv_lstm_ref::run(x, w, 3, c.g, c.backwards).outputs, 1e-5, 1e-4);
    CHECK(y.shape() == layer.compute_output_shape(x.shape()));
  }
}

TEST_CASE("ConvLSTM2D masks, return_state and dropout", "[layers][rnn][conv_lstm2d]") {
  ConvLSTM2D layer(2, 3, {.padding = "same", .dropout = 0.3, .recurrent_dropout = 0.3, .return_state = true});
  Tensor x = random_tensor({2, 4, 4, 4, 1}, -1, 1, 3);
  const std::vector<float> m{1, 0, 1, 1, 1, 1, 0, 0};
  x.set_mask(Tensor::from_vector(m, Shape{2, 4}));
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = layer(std::vector<Tensor>{x});
  }
  REQUIRE(out.size() == 3);
  const auto ref = conv_lstm_ref::run(x, layer.get_weights(), 2, {3, 3, 1, true}, false, m);
  std::vector<double> last;
  for (int b = 0; b < 2; ++b) {
    const std::size_t n = 4 * 4 * 2, start = static_cast<std::size_t>(b * 4 + 3) * n;
    last.insert(last.end(), ref.outputs.begin() + static_cast<std::ptrdiff_t>(start),
                ref.outputs.begin() + static_cast<std::ptrdiff_t>(start + n));
  }
  check_close(out[0], last, 1e-5, 1e-4);
  check_close(out[1], last, 1e-5, 1e-4);  // the last output is the final h
  check_close(out[2], ref.c, 1e-5, 1e-4);
  autograd::NoGradGuard no_grad;
  CHECK(layer(std::vector<Tensor>{x}, true)[0].to_vector<double>() != out[0].to_vector<double>());
}

TEST_CASE("ConvLSTM2D gradients through a mask, forwards and backwards", "[layers][rnn][conv_lstm2d]") {
  for (bool backwards : {false, true}) {
    ConvLSTM2D layer(2, 2, {.padding = "same", .return_sequences = true, .return_state = true,
                            .go_backwards = backwards});
    // A leading masked step (the output repeats the zero initial output) and a trailing one.
    Tensor x = random_tensor({2, 3, 3, 3, 1}, -1, 1, 6);
    x.set_mask(Tensor::from_vector(std::vector<float>{0, 1, 1, 1, 1, 0}, Shape{2, 3}));
    layer.maybe_build(x.shape());
    std::vector<Tensor> w = layer.get_weights();
    w[2] = random_tensor({8}, -0.5f, 0.5f, 7);
    layer.set_weights(w);
    std::vector<Tensor> weights;
    for (Variable* v : layer.weights()) weights.push_back(v->value());
    check_gradients(
        [&](const std::vector<Tensor>& in) {
          const std::vector<Tensor> o = layer(std::vector<Tensor>{in[0]});
          return ops::concatenate({ops::reshape(o[0], Shape{-1}), ops::reshape(o[1], Shape{-1}),
                                   ops::reshape(o[2], Shape{-1})}, 0);
        },
        {x}, {}, weights);
  }
}

TEST_CASE("ConvLSTM2D config in Keras 3's keys and order", "[layers][rnn][conv_lstm2d][config]") {
  ConvLSTM2D layer(4, {3, 2}, {.strides = {2, 1}, .padding = "same"});
  const Json config = layer.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{
                    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards", "stateful",
                    "unroll", "zero_output_for_mask", "filters", "kernel_size", "strides", "padding", "data_format",
                    "dilation_rate", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                    "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                    "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed"});
  CHECK(config["kernel_size"] == Json::array({3, 2}));
  CHECK(config["strides"] == Json::array({2, 1}));
}

TEST_CASE("ConvLSTM2D rejects bad arguments and inputs, naming the layer", "[layers][rnn][conv_lstm2d][errors]") {
  REQUIRE_THROWS_WITH(ConvLSTM2D(0, 3, {.name = "cl"}), Catch::Contains("\"cl\"") && Catch::Contains("filters"));
  REQUIRE_THROWS_WITH(ConvLSTM2D(2, 3, {.padding = "full", .name = "cl"}), Catch::Contains("\"cl\"") &&
                                                                             Catch::Contains("full"));
  REQUIRE_THROWS_WITH(ConvLSTM2D(2, 3, {.data_format = "channels_first", .name = "cl"}),
                      Catch::Contains("\"cl\"") && Catch::Contains("channels_first"));
  ConvLSTM2D layer(2, 3, {.name = "cl"});
  REQUIRE_THROWS_WITH(forward(layer, Tensor::zeros({1, 2, 4, 4})), Catch::Contains("\"cl\""));
  REQUIRE_THROWS_WITH(forward(layer, Tensor::zeros({1, 2, 2, 2, 1})), Catch::Contains("\"cl\""));
}
