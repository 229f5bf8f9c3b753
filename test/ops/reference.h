#pragma once
// Naive double-precision references for the op and kernel tests (test/ops, test/backend):
// loops written straight from the definitions, sharing no code with libkeras' kernels.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "libkeras/tensor/tensor.h"
#include "test/support/check.h"

namespace keras::testing::ref {

/// Values with magnitude in [lo, hi] and a pseudo-random sign: away from the kink at 0.
inline Tensor signed_tensor(const Shape& shape, float lo, float hi, unsigned seed) {
  std::vector<float> mag = random_values(static_cast<std::size_t>(shape.size()), lo, hi, seed);
  std::vector<float> sign = random_values(mag.size(), -1.0f, 1.0f, seed + 1000);
  for (std::size_t i = 0; i < mag.size(); ++i) mag[i] = sign[i] < 0 ? -mag[i] : mag[i];
  return Tensor::from_vector(mag, shape);
}

/// Distinct values offset + step * k, shuffled: any two differ by at least `step`, so a
/// finite-difference step below step / 2 never changes which element is the largest.
inline Tensor distinct_tensor(const Shape& shape, float step = 0.1f, float offset = -1.0f, unsigned seed = 3) {
  auto n = static_cast<std::size_t>(shape.size());
  std::vector<float> order = random_values(n, 0.0f, 1.0f, seed);
  std::vector<std::size_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return order[a] < order[b]; });
  std::vector<float> v(n);
  for (std::size_t k = 0; k < n; ++k) v[idx[k]] = offset + step * static_cast<float>(k);
  return Tensor::from_vector(v, shape);
}

/// Row-major strides of `shape`.
inline std::vector<std::int64_t> strides_of(const Shape& shape) {
  std::vector<std::int64_t> s(static_cast<std::size_t>(shape.rank()), 1);
  for (int d = shape.rank() - 2; d >= 0; --d) s[static_cast<std::size_t>(d)] = s[static_cast<std::size_t>(d) + 1] * shape[d + 1];
  return s;
}

/// Flat index into an input of row-major strides `in_strides` (0 on broadcast dims, already
/// aligned to out's rank) of out's flat element `i`.
inline std::int64_t broadcast_index(const Shape& out, const std::vector<std::int64_t>& out_strides,
                                    const std::vector<std::int64_t>& in_strides, std::int64_t i) {
  std::int64_t idx = 0;
  for (int d = 0; d < out.rank(); ++d) {
    auto u = static_cast<std::size_t>(d);
    idx += (i / out_strides[u]) % out[d] * in_strides[u];
  }
  return idx;
}

/// Strides of `in` seen from `out` under numpy broadcasting: 0 on broadcast dimensions.
inline std::vector<std::int64_t> broadcast_strides(const Shape& out, const Shape& in) {
  std::vector<std::int64_t> is = strides_of(in), r(static_cast<std::size_t>(out.rank()), 0);
  for (int d = 0; d < out.rank(); ++d) {
    int id = in.rank() - out.rank() + d;
    if (id >= 0 && in[id] != 1) r[static_cast<std::size_t>(d)] = is[static_cast<std::size_t>(id)];
  }
  return r;
}

/// f(a, b) elementwise over the broadcast shape `out`.
inline std::vector<double> broadcast_apply(const Tensor& a, const Tensor& b, const Shape& out,
                                           const std::function<double(double, double)>& f) {
  std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>(), r;
  std::vector<std::int64_t> os = strides_of(out), as = broadcast_strides(out, a.shape()),
                            bs = broadcast_strides(out, b.shape());
  for (std::int64_t i = 0; i < out.size(); ++i) {
    r.push_back(f(va[static_cast<std::size_t>(broadcast_index(out, os, as, i))],
                  vb[static_cast<std::size_t>(broadcast_index(out, os, bs, i))]));
  }
  return r;
}

/// Reduction of x over `axes` (sum or max) into x's shape with those axes set to 1.
inline std::vector<double> reduce(const Tensor& x, const std::vector<int>& axes, bool max) {
  Shape kept = x.shape();
  for (int a : axes) kept[a] = 1;
  std::vector<double> v = x.to_vector<double>();
  std::vector<double> r(static_cast<std::size_t>(kept.size()), max ? -std::numeric_limits<double>::infinity() : 0.0);
  // kept broadcasts against x, so the inverse map is the broadcast index.
  std::vector<std::int64_t> xs = strides_of(x.shape()), ks = broadcast_strides(x.shape(), kept);
  for (std::int64_t i = 0; i < x.size(); ++i) {
    double& o = r[static_cast<std::size_t>(broadcast_index(x.shape(), xs, ks, i))];
    o = max ? std::max(o, v[static_cast<std::size_t>(i)]) : o + v[static_cast<std::size_t>(i)];
  }
  return r;
}

/// TensorFlow window geometry along one axis: output size and the padding before the first
/// pixel ('same' puts the odd padding pixel after the last one).
struct Axis {
  std::int64_t out = 0, pad_before = 0;
};
inline Axis window_axis(std::int64_t in, int kernel, int stride, int dilation, bool same) {
  std::int64_t span = static_cast<std::int64_t>(kernel - 1) * dilation + 1;
  if (!same) return {(in - span) / stride + 1, 0};
  std::int64_t out = (in + stride - 1) / stride;
  std::int64_t total = std::max<std::int64_t>(0, (out - 1) * stride + span - in);
  return {out, total / 2};
}

struct Conv {
  int kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  bool same = false;
};

/// y[n,oy,ox,f] = sum x[n, oy*sh - pt + ky*dh, ox*sw - pl + kx*dw, c] * k[ky,kx,c,f] + b[f]
/// (zero outside the image). `bias` may be undefined.
inline std::vector<double> conv2d(const Tensor& x, const Tensor& k, const Tensor& bias, const Conv& p,
                                  Shape* out_shape = nullptr) {
  const std::int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), f = k.dim(3);
  Axis ay = window_axis(h, p.kh, p.sh, p.dh, p.same), ax = window_axis(w, p.kw, p.sw, p.dw, p.same);
  if (out_shape) *out_shape = Shape{n, ay.out, ax.out, f};
  std::vector<double> vx = x.to_vector<double>(), vk = k.to_vector<double>();
  std::vector<double> vb = bias.defined() ? bias.to_vector<double>() : std::vector<double>(static_cast<std::size_t>(f), 0.0);
  std::vector<double> y;
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t oy = 0; oy < ay.out; ++oy)
      for (std::int64_t ox = 0; ox < ax.out; ++ox)
        for (std::int64_t fo = 0; fo < f; ++fo) {
          double s = vb[static_cast<std::size_t>(fo)];
          for (std::int64_t ky = 0; ky < p.kh; ++ky)
            for (std::int64_t kx = 0; kx < p.kw; ++kx)
              for (std::int64_t ci = 0; ci < c; ++ci) {
                std::int64_t iy = oy * p.sh - ay.pad_before + ky * p.dh, ix = ox * p.sw - ax.pad_before + kx * p.dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                s += vx[static_cast<std::size_t>(((b * h + iy) * w + ix) * c + ci)] *
                     vk[static_cast<std::size_t>(((ky * p.kw + kx) * c + ci) * f + fo)];
              }
          y.push_back(s);
        }
  return y;
}

struct ConvGrads {
  std::vector<double> dx, dk, db;
};

/// Gradients of sum(conv2d(x, k, b) * dy) by the same loops, scattering instead of gathering.
inline ConvGrads conv2d_backward(const Tensor& x, const Tensor& k, const Tensor& dy, const Conv& p) {
  const std::int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), f = k.dim(3);
  Axis ay = window_axis(h, p.kh, p.sh, p.dh, p.same), ax = window_axis(w, p.kw, p.sw, p.dw, p.same);
  std::vector<double> vx = x.to_vector<double>(), vk = k.to_vector<double>(), vdy = dy.to_vector<double>();
  ConvGrads g{std::vector<double>(vx.size(), 0.0), std::vector<double>(vk.size(), 0.0),
              std::vector<double>(static_cast<std::size_t>(f), 0.0)};
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t oy = 0; oy < ay.out; ++oy)
      for (std::int64_t ox = 0; ox < ax.out; ++ox)
        for (std::int64_t fo = 0; fo < f; ++fo) {
          double d = vdy[static_cast<std::size_t>(((b * ay.out + oy) * ax.out + ox) * f + fo)];
          g.db[static_cast<std::size_t>(fo)] += d;
          for (std::int64_t ky = 0; ky < p.kh; ++ky)
            for (std::int64_t kx = 0; kx < p.kw; ++kx)
              for (std::int64_t ci = 0; ci < c; ++ci) {
                std::int64_t iy = oy * p.sh - ay.pad_before + ky * p.dh, ix = ox * p.sw - ax.pad_before + kx * p.dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                auto xi = static_cast<std::size_t>(((b * h + iy) * w + ix) * c + ci);
                auto ki = static_cast<std::size_t>(((ky * p.kw + kx) * c + ci) * f + fo);
                g.dx[xi] += d * vk[ki];
                g.dk[ki] += d * vx[xi];
              }
        }
  return g;
}

/// Max or average pooling; padding never wins a max and is excluded from averages.
inline std::vector<double> pool2d(const Tensor& x, bool max, int ph, int pw, int sh, int sw, bool same,
                                  Shape* out_shape = nullptr) {
  const std::int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  Axis ay = window_axis(h, ph, sh, 1, same), ax = window_axis(w, pw, sw, 1, same);
  if (out_shape) *out_shape = Shape{n, ay.out, ax.out, c};
  std::vector<double> vx = x.to_vector<double>(), y;
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t oy = 0; oy < ay.out; ++oy)
      for (std::int64_t ox = 0; ox < ax.out; ++ox)
        for (std::int64_t ci = 0; ci < c; ++ci) {
          double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
          int count = 0;
          for (std::int64_t ky = 0; ky < ph; ++ky)
            for (std::int64_t kx = 0; kx < pw; ++kx) {
              std::int64_t iy = oy * sh - ay.pad_before + ky, ix = ox * sw - ax.pad_before + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              double v = vx[static_cast<std::size_t>(((b * h + iy) * w + ix) * c + ci)];
              acc = max ? std::max(acc, v) : acc + v;
              ++count;
            }
          y.push_back(max ? acc : acc / count);
        }
  return y;
}

}  // namespace keras::testing::ref
