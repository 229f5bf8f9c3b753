// keras.layers.ConvLSTM2D: the layer contract, values against a double-precision reference
// written with naive convolution loops (valid and same padding, strides), masks, go_backwards,
// return_state, dropout, Keras 3 config, errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/rnn/conv_lstm2d.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

struct Geometry {
  int kh = 3, kw = 3, stride = 1;
  bool same = false;
};

// out[oy][ox][f] += sum conv(in, kernel) for one sample, TensorFlow padding; in (H, W, C).
void conv_ref(const std::vector<double>& in, int H, int W, int C, const std::vector<double>& k, int F, Geometry g,
              std::vector<double>& out, int OH, int OW) {
  const int pad_y = g.same ? std::max((OH - 1) * g.stride + g.kh - H, 0) / 2 : 0;
  const int pad_x = g.same ? std::max((OW - 1) * g.stride + g.kw - W, 0) / 2 : 0;
  for (int oy = 0; oy < OH; ++oy) {
    for (int ox = 0; ox < OW; ++ox) {
      for (int dy = 0; dy < g.kh; ++dy) {
        for (int dx = 0; dx < g.kw; ++dx) {
          const int y = oy * g.stride + dy - pad_y, x = ox * g.stride + dx - pad_x;
          if (y < 0 || y >= H || x < 0 || x >= W) continue;
          for (int c = 0; c < C; ++c) {
            for (int f = 0; f < F; ++f) {
              out[static_cast<std::size_t>((oy * OW + ox) * F + f)] +=
                  in[static_cast<std::size_t>((y * W + x) * C + c)] *
                  k[static_cast<std::size_t>(((dy * g.kw + dx) * C + c) * F + f)];
            }
          }
        }
      }
    }
  }
}

// Keras' ConvLSTMCell in the RNN loop, for zero initial states; returns the outputs in
// processing order (B, T, OH, OW, F) and the final c.
std::pair<std::vector<double>, std::vector<double>> conv_lstm_ref(const Tensor& x_t, const std::vector<Tensor>& w,
                                                                   int filters, Geometry g, bool backwards,
                                                                   const std::vector<float>& mask = {}) {
  const int B = static_cast<int>(x_t.dim(0)), T = static_cast<int>(x_t.dim(1)), H = static_cast<int>(x_t.dim(2));
  const int W = static_cast<int>(x_t.dim(3)), C = static_cast<int>(x_t.dim(4)), F = filters, F4 = 4 * filters;
  const int OH = g.same ? (H + g.stride - 1) / g.stride : (H - g.kh) / g.stride + 1;
  const int OW = g.same ? (W + g.stride - 1) / g.stride : (W - g.kw) / g.stride + 1;
  const std::vector<double> x = x_t.to_vector<double>(), k = w[0].to_vector<double>(), rk = w[1].to_vector<double>();
  const std::vector<double> bias = w[2].to_vector<double>();
  const std::size_t n = static_cast<std::size_t>(OH * OW * F), frame = static_cast<std::size_t>(H * W * C);
  std::vector<double> outputs, final_c;
  auto sig = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  for (int b = 0; b < B; ++b) {
    std::vector<double> h(n, 0.0), c(n, 0.0), prev(n, 0.0);
    std::vector<std::vector<double>> steps;
    for (int s = 0; s < T; ++s) {
      const int t = backwards ? T - 1 - s : s;
      std::vector<double> z(static_cast<std::size_t>(OH * OW * F4), 0.0);
      const std::vector<double> xt(x.begin() + static_cast<std::ptrdiff_t>((b * T + t) * frame),
                                   x.begin() + static_cast<std::ptrdiff_t>((b * T + t + 1) * frame));
      conv_ref(xt, H, W, C, k, F4, g, z, OH, OW);
      conv_ref(h, OH, OW, F, rk, F4, {g.kh, g.kw, 1, true}, z, OH, OW);
      std::vector<double> hn(n), cn(n);
      for (std::size_t p = 0; p < static_cast<std::size_t>(OH * OW); ++p) {
        for (int f = 0; f < F; ++f) {
          auto gate = [&](int q) { return z[p * static_cast<std::size_t>(F4) + static_cast<std::size_t>(q * F + f)] + bias[static_cast<std::size_t>(q * F + f)]; };
          const std::size_t o = p * static_cast<std::size_t>(F) + static_cast<std::size_t>(f);
          cn[o] = sig(gate(1)) * c[o] + sig(gate(0)) * std::tanh(gate(2));
          hn[o] = sig(gate(3)) * std::tanh(cn[o]);
        }
      }
      if (mask.empty() || mask[static_cast<std::size_t>(b * T + t)] != 0.0f) {
        h = hn;
        c = cn;
        prev = hn;
      }
      steps.push_back(prev);
    }
    for (const auto& st : steps) outputs.insert(outputs.end(), st.begin(), st.end());
    final_c.insert(final_c.end(), c.begin(), c.end());
  }
  return {outputs, final_c};
}

}  // namespace

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
  for (const Case& c : {Case{{3, 3, 1, false}, false}, Case{{3, 3, 1, true}, true}, Case{{3, 2, 2, true}, false}}) {
    ConvLSTM2D layer(3, {c.g.kh, c.g.kw},
                     {.strides = c.g.stride, .padding = c.g.same ? "same" : "valid", .return_sequences = true,
                      .go_backwards = c.backwards});
    const Tensor x = random_tensor({2, 3, 6, 5, 2}, -1, 1, 1);
    const Tensor y = forward(layer, x);
    std::vector<Tensor> w = layer.get_weights();
    CHECK(w[0].shape() == Shape{c.g.kh, c.g.kw, 2, 12});
    CHECK(w[1].shape() == Shape{c.g.kh, c.g.kw, 3, 12});
    check_close(w[2], {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0});  // unit_forget_bias
    w[2] = random_tensor({12}, -0.5f, 0.5f, 2);
    layer.set_weights(w);
    check_close(forward(layer, x), conv_lstm_ref(x, w, 3, c.g, c.backwards).first, 1e-5, 1e-4);
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
  const auto ref = conv_lstm_ref(x, layer.get_weights(), 2, {3, 3, 1, true}, false, m);
  std::vector<double> last;
  for (int b = 0; b < 2; ++b) {
    const std::size_t n = 4 * 4 * 2, start = static_cast<std::size_t>(b * 4 + 3) * n;
    last.insert(last.end(), ref.first.begin() + static_cast<std::ptrdiff_t>(start),
                ref.first.begin() + static_cast<std::ptrdiff_t>(start + n));
  }
  check_close(out[0], last, 1e-5, 1e-4);
  check_close(out[1], last, 1e-5, 1e-4);  // the last output is the final h
  check_close(out[2], ref.second, 1e-5, 1e-4);
  autograd::NoGradGuard no_grad;
  CHECK(layer(std::vector<Tensor>{x}, true)[0].to_vector<double>() != out[0].to_vector<double>());
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
