#pragma once
// An independent double-precision reference for ConvLSTM2D and its cell: naive convolution loops
// (TensorFlow padding, strides, dilation) and Keras' ConvLSTMCell step (gates i, f, c, o; the
// recurrent convolution has strides 1, "same" padding and no dilation, keras/src/layers/rnn/
// conv_lstm.py) in Keras' RNN loop (masks, go_backwards), sharing no code with libkeras.

#include <algorithm>
#include <cmath>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing::conv_lstm_ref {

struct Geometry {
  int kh = 3, kw = 3, stride = 1;
  bool same = false;
  int dilation = 1;

  int output_size(int n, int k) const {
    return same ? (n + stride - 1) / stride : (n - ((k - 1) * dilation + 1)) / stride + 1;
  }
};

/// out (OH, OW, F) += conv(in (H, W, C), k (kh, kw, C, F)) for one sample.
inline void conv(const std::vector<double>& in, int H, int W, int C, const std::vector<double>& k, int F, Geometry g,
                 std::vector<double>& out, int OH, int OW) {
  // TensorFlow "same": the padding the dilated kernel needs, the odd pixel at the end.
  const int pad_y = g.same ? std::max((OH - 1) * g.stride + (g.kh - 1) * g.dilation + 1 - H, 0) / 2 : 0;
  const int pad_x = g.same ? std::max((OW - 1) * g.stride + (g.kw - 1) * g.dilation + 1 - W, 0) / 2 : 0;
  for (int oy = 0; oy < OH; ++oy) {
    for (int ox = 0; ox < OW; ++ox) {
      for (int dy = 0; dy < g.kh; ++dy) {
        for (int dx = 0; dx < g.kw; ++dx) {
          const int y = oy * g.stride + dy * g.dilation - pad_y, x = ox * g.stride + dx * g.dilation - pad_x;
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

struct Result {
  std::vector<double> outputs;  ///< (B, T, OH, OW, F) in processing order
  std::vector<double> h, c;     ///< final states, each (B, OH, OW, F)
};

/// x (B, T, H, W, C); w = kernel, recurrent_kernel, bias; mask (B, T) or empty; h0, c0 undefined
/// for zeros.
inline Result run(const Tensor& x_t, const std::vector<Tensor>& w, int filters, Geometry g, bool backwards = false,
                  const std::vector<float>& mask = {}, const Tensor& h0 = {}, const Tensor& c0 = {}) {
  const int B = static_cast<int>(x_t.dim(0)), T = static_cast<int>(x_t.dim(1)), H = static_cast<int>(x_t.dim(2));
  const int W = static_cast<int>(x_t.dim(3)), C = static_cast<int>(x_t.dim(4)), F = filters, F4 = 4 * filters;
  const int OH = g.output_size(H, g.kh), OW = g.output_size(W, g.kw);
  const std::vector<double> x = x_t.to_vector<double>(), k = w[0].to_vector<double>(), rk = w[1].to_vector<double>();
  const std::vector<double> bias = w[2].to_vector<double>();
  const std::size_t n = static_cast<std::size_t>(OH * OW * F), frame = static_cast<std::size_t>(H * W * C);
  const std::vector<double> h_init = h0.defined() ? h0.to_vector<double>() : std::vector<double>(B * n, 0.0);
  const std::vector<double> c_init = c0.defined() ? c0.to_vector<double>() : std::vector<double>(B * n, 0.0);
  Result r;
  auto sig = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  for (int b = 0; b < B; ++b) {
    const auto first = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(b) * n);
    std::vector<double> h(h_init.begin() + first, h_init.begin() + first + static_cast<std::ptrdiff_t>(n));
    std::vector<double> c(c_init.begin() + first, c_init.begin() + first + static_cast<std::ptrdiff_t>(n));
    std::vector<double> prev(n, 0.0);
    for (int s = 0; s < T; ++s) {
      const int t = backwards ? T - 1 - s : s;
      std::vector<double> z(static_cast<std::size_t>(OH * OW * F4), 0.0);
      const std::vector<double> xt(x.begin() + static_cast<std::ptrdiff_t>((b * T + t) * frame),
                                   x.begin() + static_cast<std::ptrdiff_t>((b * T + t + 1) * frame));
      conv(xt, H, W, C, k, F4, g, z, OH, OW);
      conv(h, OH, OW, F, rk, F4, {g.kh, g.kw, 1, true, 1}, z, OH, OW);
      std::vector<double> hn(n), cn(n);
      for (std::size_t p = 0; p < static_cast<std::size_t>(OH * OW); ++p) {
        for (int f = 0; f < F; ++f) {
          auto gate = [&](int q) {
            const auto j = static_cast<std::size_t>(q * F + f);
            return z[p * static_cast<std::size_t>(F4) + j] + bias[j];
          };
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
      r.outputs.insert(r.outputs.end(), prev.begin(), prev.end());
    }
    r.h.insert(r.h.end(), h.begin(), h.end());
    r.c.insert(r.c.end(), c.begin(), c.end());
  }
  return r;
}

}  // namespace keras::testing::conv_lstm_ref
