#pragma once
// MultiHeadAttention computed by hand with explicit loops, in double: the independent reference
// of the MultiHeadAttention tests; and random weights for a layer, returned for the reference.

#include <algorithm>
#include <cmath>
#include <vector>

#include "libkeras/model/layer.h"
#include "libkeras/tensor/tensor.h"
#include "test/support/check.h"

namespace keras::testing {

// Attention by hand, in double. Inputs flattened to (B, T, Dq), (B, S, Dv), (B, S, Dk); weights
// in Keras order; keep (B, T, S) of 0/1 or empty. Returns the output (B, T, O) and the scores.
struct Reference {
  std::vector<double> output, scores;
};

inline Reference naive_mha(const Tensor& query, const Tensor& value, const Tensor& key,
                           const std::vector<Tensor>& weights, std::int64_t heads, std::int64_t kd, std::int64_t vd,
                           bool bias, bool gate, const std::vector<double>& keep, bool zero_masked_rows) {
  const std::int64_t b = query.dim(0), dq = query.dim(-1), dv = value.dim(-1), dk = key.dim(-1);
  const std::int64_t t = query.size() / (b * dq), s = value.size() / (b * dv);
  std::vector<double> xq = query.to_vector<double>(), xv = value.to_vector<double>(), xk = key.to_vector<double>();
  std::size_t w = 0;
  auto next = [&]() { return weights[w++].to_vector<double>(); };
  std::vector<double> wq = next(), bq = bias ? next() : std::vector<double>(static_cast<std::size_t>(heads * kd));
  std::vector<double> wk = next(), bk = bias ? next() : std::vector<double>(static_cast<std::size_t>(heads * kd));
  std::vector<double> wg, bg;
  if (gate) {
    wg = next();
    bg = bias ? next() : std::vector<double>(static_cast<std::size_t>(heads * vd));
  }
  std::vector<double> wv = next(), bv = bias ? next() : std::vector<double>(static_cast<std::size_t>(heads * vd));
  std::vector<double> wo = next();
  const std::int64_t o = static_cast<std::int64_t>(wo.size()) / (heads * vd);
  std::vector<double> bo = bias ? next() : std::vector<double>(static_cast<std::size_t>(o));
  auto at = [](const std::vector<double>& v, std::int64_t i) { return v[static_cast<std::size_t>(i)]; };
  // project(x, W, bias)[row][j] = sum_d x[row][d] * W[d][j] + bias[j]
  auto project = [&](const std::vector<double>& x, std::int64_t rows, std::int64_t d, const std::vector<double>& wm,
                     const std::vector<double>& bm, std::int64_t cols) {
    std::vector<double> y(static_cast<std::size_t>(rows * cols));
    for (std::int64_t r = 0; r < rows; ++r) {
      for (std::int64_t j = 0; j < cols; ++j) {
        double acc = at(bm, j);
        for (std::int64_t i = 0; i < d; ++i) acc += at(x, r * d + i) * at(wm, i * cols + j);
        y[static_cast<std::size_t>(r * cols + j)] = acc;
      }
    }
    return y;
  };
  std::vector<double> q = project(xq, b * t, dq, wq, bq, heads * kd), k = project(xk, b * s, dk, wk, bk, heads * kd);
  std::vector<double> v = project(xv, b * s, dv, wv, bv, heads * vd);
  std::vector<double> g = gate ? project(xq, b * t, dq, wg, bg, heads * vd) : std::vector<double>();
  Reference ref;
  ref.scores.assign(static_cast<std::size_t>(b * heads * t * s), 0.0);
  std::vector<double> ctx(static_cast<std::size_t>(b * t * heads * vd));
  for (std::int64_t bi = 0; bi < b; ++bi) {
    for (std::int64_t n = 0; n < heads; ++n) {
      for (std::int64_t i = 0; i < t; ++i) {
        std::vector<double> logit(static_cast<std::size_t>(s));
        bool any = false;
        for (std::int64_t j = 0; j < s; ++j) {
          double dot = 0;
          for (std::int64_t h = 0; h < kd; ++h) {
            dot += at(q, (bi * t + i) * heads * kd + n * kd + h) * at(k, (bi * s + j) * heads * kd + n * kd + h);
          }
          logit[static_cast<std::size_t>(j)] = dot / std::sqrt(static_cast<double>(kd));
          const bool kept = keep.empty() || at(keep, (bi * t + i) * s + j) != 0.0;
          if (!kept) logit[static_cast<std::size_t>(j)] = -1e30;
          any = any || kept;
        }
        double mx = -1e300, sum = 0;
        for (double l : logit) mx = std::max(mx, l);
        for (double l : logit) sum += std::exp(l - mx);
        for (std::int64_t j = 0; j < s; ++j) {
          double p = std::exp(logit[static_cast<std::size_t>(j)] - mx) / sum;
          if (!any) p = zero_masked_rows ? 0.0 : 1.0 / static_cast<double>(s);
          ref.scores[static_cast<std::size_t>(((bi * heads + n) * t + i) * s + j)] = p;
          for (std::int64_t c = 0; c < vd; ++c) {
            ctx[static_cast<std::size_t>((bi * t + i) * heads * vd + n * vd + c)] +=
                p * at(v, (bi * s + j) * heads * vd + n * vd + c);
          }
        }
      }
    }
  }
  if (gate) {
    for (std::size_t i = 0; i < ctx.size(); ++i) ctx[i] *= 1.0 / (1.0 + std::exp(-g[i]));
  }
  ref.output = project(ctx, b * t, heads * vd, wo, bo, o);
  return ref;
}

/// Sets every weight of `layer` to values in [-0.8, 0.8) and returns them in Keras order.
inline std::vector<Tensor> randomize(Layer& layer, unsigned seed) {
  std::vector<Tensor> w;
  for (Variable* v : layer.weights()) w.push_back(random_tensor(v->shape(), -0.8f, 0.8f, seed++));
  layer.set_weights(w);
  return w;
}

}  // namespace keras::testing
