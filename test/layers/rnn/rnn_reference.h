#pragma once
// An independent double-precision reference for the recurrent layer tests: Keras' cell formulas
// (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py, dropout masks included) and RNN loop (masking,
// go_backwards, zero_output_for_mask) written as plain loops, sharing no code with libkeras.

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing::rnn_ref {

enum class Cell { simple, lstm, gru };

struct Config {
  Cell cell = Cell::lstm;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  bool reset_after = true;
  bool go_backwards = false;
  bool zero_output_for_mask = false;
  /// Keras' per-sequence dropout scale factors (DropoutRNNCell): input masks, each (B, D), one
  /// shared by every gate or one per gate; recurrent masks, each (B, U), one per gate (SimpleRNN:
  /// one). Empty: no dropout.
  std::vector<std::vector<double>> input_dropout = {};
  std::vector<std::vector<double>> recurrent_dropout = {};
};

struct Result {
  std::vector<double> outputs;              ///< (B, T, U) in processing order
  std::vector<std::vector<double>> states;  ///< final states, each (B, U)
  std::vector<double> last() const {        ///< outputs[:, T-1]
    std::vector<double> out;
    for (std::size_t b = 0; b < batch; ++b) {
      for (std::size_t k = 0; k < units; ++k) out.push_back(outputs[(b * steps + steps - 1) * units + k]);
    }
    return out;
  }
  std::size_t batch = 0, steps = 0, units = 0;
};

inline double activation(const std::string& name, double x) {
  if (name == "tanh") return std::tanh(x);
  if (name == "sigmoid") return 1.0 / (1.0 + std::exp(-x));
  if (name == "hard_sigmoid") return std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
  if (name == "relu") return x > 0 ? x : 0.0;
  if (name == "linear") return x;
  throw std::runtime_error("rnn_ref: no activation " + name);
}

/// weights: kernel (D, G*U), recurrent_kernel (U, G*U), optional bias (G*U) or (2, G*U).
/// states: initial states, or empty for zeros. mask: (B, T) or undefined.
inline Result run(const Config& c, const Tensor& x_t, const std::vector<Tensor>& weights,
                  const std::vector<Tensor>& states = {}, const Tensor& mask_t = {}) {
  const std::size_t B = static_cast<std::size_t>(x_t.dim(0)), T = static_cast<std::size_t>(x_t.dim(1));
  const std::size_t D = static_cast<std::size_t>(x_t.dim(2)), U = static_cast<std::size_t>(weights[1].dim(0));
  const std::size_t G = c.cell == Cell::simple ? 1 : c.cell == Cell::lstm ? 4 : 3, GU = G * U;
  const std::vector<double> x = x_t.to_vector<double>(), k = weights[0].to_vector<double>();
  const std::vector<double> rk = weights[1].to_vector<double>();
  std::vector<double> bias_in(GU, 0.0), bias_rec(GU, 0.0);
  if (weights.size() > 2) {
    const std::vector<double> bv = weights[2].to_vector<double>();
    for (std::size_t j = 0; j < GU; ++j) bias_in[j] = bv[j];
    if (bv.size() == 2 * GU) {
      for (std::size_t j = 0; j < GU; ++j) bias_rec[j] = bv[GU + j];
    }
  }
  const std::vector<double> mask = mask_t.defined() ? mask_t.to_vector<double>() : std::vector<double>(B * T, 1.0);
  const std::size_t n_states = c.cell == Cell::lstm ? 2 : 1;
  Result r;
  r.batch = B, r.steps = T, r.units = U;
  r.outputs.assign(B * T * U, 0.0);
  r.states.assign(n_states, std::vector<double>(B * U, 0.0));
  for (std::size_t i = 0; i < states.size(); ++i) r.states[i] = states[i].to_vector<double>();
  // The scale factor of feature i for gate g: a shared mask serves every gate.
  auto drop = [](const std::vector<std::vector<double>>& masks, std::size_t g, std::size_t i) {
    return masks.empty() ? 1.0 : masks[std::min(g, masks.size() - 1)][i];
  };
  auto f = [&](double v) { return activation(c.activation, v); };
  auto rf = [&](double v) { return activation(c.recurrent_activation, v); };
  for (std::size_t b = 0; b < B; ++b) {
    std::vector<double> h(r.states[0].begin() + static_cast<std::ptrdiff_t>(b * U),
                          r.states[0].begin() + static_cast<std::ptrdiff_t>((b + 1) * U));
    std::vector<double> cs(U, 0.0), prev(U, 0.0);
    if (n_states == 2) {
      cs.assign(r.states[1].begin() + static_cast<std::ptrdiff_t>(b * U),
                r.states[1].begin() + static_cast<std::ptrdiff_t>((b + 1) * U));
    }
    for (std::size_t s = 0; s < T; ++s) {
      const std::size_t t = c.go_backwards ? T - 1 - s : s;
      // xz = x_t k + bias_in; hz = h rk + bias_rec (h rk for every gate).
      std::vector<double> xz(bias_in), hz(bias_rec);
      for (std::size_t j = 0; j < GU; ++j) {
        for (std::size_t d = 0; d < D; ++d) {
          xz[j] += x[(b * T + t) * D + d] * drop(c.input_dropout, j / U, b * D + d) * k[d * GU + j];
        }
        for (std::size_t u = 0; u < U; ++u) {
          hz[j] += h[u] * drop(c.recurrent_dropout, j / U, b * U + u) * rk[u * GU + j];
        }
      }
      std::vector<double> hn(U), cn(cs);
      for (std::size_t u = 0; u < U; ++u) {
        if (c.cell == Cell::simple) {
          hn[u] = f(xz[u] + hz[u]);
        } else if (c.cell == Cell::lstm) {
          const double i = rf(xz[u] + hz[u]), fg = rf(xz[U + u] + hz[U + u]);
          const double g = f(xz[2 * U + u] + hz[2 * U + u]), o = rf(xz[3 * U + u] + hz[3 * U + u]);
          cn[u] = fg * cs[u] + i * g;
          hn[u] = o * f(cn[u]);
        }
      }
      if (c.cell == Cell::gru) {
        std::vector<double> z(U), rr(U);
        for (std::size_t u = 0; u < U; ++u) {
          z[u] = rf(xz[u] + hz[u]);
          rr[u] = rf(xz[U + u] + hz[U + u]);
        }
        for (std::size_t u = 0; u < U; ++u) {
          double rec = 0.0;
          if (c.reset_after) {
            rec = rr[u] * hz[2 * U + u];
          } else {
            for (std::size_t v = 0; v < U; ++v) {
              rec += rr[v] * h[v] * drop(c.recurrent_dropout, 2, b * U + v) * rk[v * GU + 2 * U + u];
            }
          }
          const double hh = f(xz[2 * U + u] + rec);
          hn[u] = z[u] * h[u] + (1.0 - z[u]) * hh;
        }
      }
      const bool used = mask[b * T + t] != 0.0;
      for (std::size_t u = 0; u < U; ++u) {
        const double y = used ? hn[u] : (c.zero_output_for_mask ? 0.0 : prev[u]);
        r.outputs[(b * T + s) * U + u] = y;
        prev[u] = y;
      }
      if (used) {
        h = hn;
        cs = cn;
      }
    }
    for (std::size_t u = 0; u < U; ++u) {
      r.states[0][b * U + u] = h[u];
      if (n_states == 2) r.states[1][b * U + u] = cs[u];
    }
  }
  return r;
}

}  // namespace keras::testing::rnn_ref
