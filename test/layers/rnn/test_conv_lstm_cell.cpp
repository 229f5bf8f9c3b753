// The ConvLSTM2D cell (Keras' ConvLSTMCell): one step on [x, h, c] equals ConvLSTM2D over a
// one-step sequence from those states; shapes, gradients and errors.

#include <catch2/catch.hpp>

#include "layers/rnn/conv_lstm2d.h"
#include "layers/rnn/conv_lstm_cell.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ConvLSTMCell computes one ConvLSTM step on [x, h, c]", "[layers][rnn][conv_lstm_cell]") {
  ConvLSTMCell cell(2, 3, {.padding = "same"});
  const Tensor x = random_tensor({2, 4, 5, 3}, -1, 1, 1);
  const Tensor h = random_tensor({2, 4, 5, 2}, -1, 1, 2), c = random_tensor({2, 4, 5, 2}, -1, 1, 3);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = cell({x, h, c});
  }
  REQUIRE(out.size() == 3);
  CHECK(cell.state_shapes(x.shape()) == std::vector<Shape>{{2, 4, 5, 2}, {2, 4, 5, 2}});
  ConvLSTM2D layer(2, 3, {.padding = "same", .return_state = true});
  layer.maybe_build({2, 1, 4, 5, 3});
  layer.set_weights(cell.get_weights());
  std::vector<Tensor> seq;
  {
    autograd::NoGradGuard no_grad;
    seq = layer({ops::expand_dims(x, 1), h, c});
  }
  for (std::size_t i = 0; i < 3; ++i) check_close(out[i], seq[i], 1e-6, 1e-6);

  std::vector<Tensor> weights;
  for (Variable* v : cell.weights()) weights.push_back(v->value());
  const Tensor xs = random_tensor({1, 3, 3, 1}, -1, 1, 4), hs = random_tensor({1, 3, 3, 2}, -1, 1, 5);
  ConvLSTMCell small(2, 2, {.padding = "same"});
  small.maybe_build(xs.shape());
  std::vector<Tensor> small_weights;
  for (Variable* v : small.weights()) small_weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return small({in[0], in[1], in[2]})[0]; }, {xs, hs, hs.clone()},
                  {}, small_weights);
}

TEST_CASE("ConvLSTMCell rejects bad arguments and inputs, naming itself", "[layers][rnn][conv_lstm_cell][errors]") {
  REQUIRE_THROWS_WITH(ConvLSTMCell(2, 3, {.strides = 2, .dilation_rate = 2, .name = "cc"}),
                      Catch::Contains("\"cc\"") && Catch::Contains("dilation_rate"));
  ConvLSTMCell cell(2, 3, {.name = "cc"});
  REQUIRE_THROWS_WITH(cell({Tensor::zeros({1, 5, 5}), Tensor::zeros({1, 3, 3, 2}), Tensor::zeros({1, 3, 3, 2})}),
                      Catch::Contains("\"cc\""));
  REQUIRE_THROWS_WITH(cell({Tensor::zeros({1, 5, 5, 1}), Tensor::zeros({1, 5, 5, 2}), Tensor::zeros({1, 3, 3, 2})}),
                      Catch::Contains("\"cc\"") && Catch::Contains("(1, 3, 3, 2)"));
}
