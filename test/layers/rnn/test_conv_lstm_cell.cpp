// The ConvLSTM2D cell (Keras' ConvLSTMCell): one step on [x, h, c] from non-zero states against
// the naive double-precision reference (padding, strides, dilation), shapes, gradients, errors.

#include <catch2/catch.hpp>

#include "layers/rnn/conv_lstm_cell.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/conv_lstm_reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ConvLSTMCell computes one ConvLSTM step on [x, h, c]", "[layers][rnn][conv_lstm_cell]") {
  for (const conv_lstm_ref::Geometry g : {conv_lstm_ref::Geometry{3, 3, 1, true}, conv_lstm_ref::Geometry{3, 2, 2},
                                         conv_lstm_ref::Geometry{2, 3, 1, false, 2},
                                         conv_lstm_ref::Geometry{3, 3, 1, true, 2}}) {
    INFO("kernel " << g.kh << "x" << g.kw << ", stride " << g.stride << ", dilation " << g.dilation
                   << (g.same ? ", same" : ", valid"));
    ConvLSTMCell cell(2, {g.kh, g.kw},
                      {.strides = g.stride, .padding = g.same ? "same" : "valid", .dilation_rate = g.dilation});
    const Tensor x = random_tensor({2, 6, 7, 3}, -1, 1, 1);
    const Shape state{2, g.output_size(6, g.kh), g.output_size(7, g.kw), 2};
    const Tensor h = random_tensor(state, -1, 1, 2), c = random_tensor(state, -1, 1, 3);
    cell.maybe_build(x.shape());
    std::vector<Tensor> w = cell.get_weights();
    w[2] = random_tensor({8}, -0.5f, 0.5f, 4);
    cell.set_weights(w);
    std::vector<Tensor> out;
    {
      autograd::NoGradGuard no_grad;
      out = cell({x, h, c});
    }
    REQUIRE(out.size() == 3);
    CHECK(cell.compute_output_shapes({x.shape(), h.shape(), c.shape()}) ==
          std::vector<Shape>{out[0].shape(), out[1].shape(), out[2].shape()});
    CHECK(cell.state_shapes(x.shape()) == std::vector<Shape>{state, state});
    const auto r = conv_lstm_ref::run(ops::expand_dims(x, 1), w, 2, g, false, {}, h, c);
    check_close(out[0], r.outputs, 1e-5, 1e-4);
    check_close(out[1], r.h, 1e-5, 1e-4);
    check_close(out[2], r.c, 1e-5, 1e-4);
  }
  ConvLSTMCell small(2, 2, {.padding = "same", .dilation_rate = 2});
  const Tensor xs = random_tensor({1, 3, 3, 1}, -1, 1, 4), hs = random_tensor({1, 3, 3, 2}, -1, 1, 5);
  small.maybe_build(xs.shape());
  std::vector<Tensor> weights;
  for (Variable* v : small.weights()) weights.push_back(v->value());
  check_gradients(
      [&](const std::vector<Tensor>& in) {
        const std::vector<Tensor> o = small({in[0], in[1], in[2]});
        return ops::concatenate({o[0], o[2]}, -1);
      },
      {xs, hs, random_tensor({1, 3, 3, 2}, -1, 1, 6)}, {}, weights);
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
