#pragma once
// Naive double-precision references for the conv family (ops and layers): loops written
// straight from the definitions over any number of spatial axes, channels_last, TensorFlow
// padding. They share no code with libkeras' kernels.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::testing::naive {

using Index = std::vector<std::int64_t>;

/// Calls f(index) for every multi-index below `dims`, last axis fastest.
inline void for_each_index(const Index& dims, const std::function<void(const Index&)>& f) {
  for (std::int64_t d : dims) {
    if (d <= 0) return;
  }
  Index idx(dims.size(), 0);
  while (true) {
    f(idx);
    int a = static_cast<int>(dims.size()) - 1;
    while (a >= 0 && ++idx[static_cast<std::size_t>(a)] == dims[static_cast<std::size_t>(a)]) {
      idx[static_cast<std::size_t>(a)] = 0;
      --a;
    }
    if (a < 0) return;
  }
}

/// Row-major flat offset of `idx` in `shape`.
inline std::int64_t flat(const Shape& shape, const Index& idx) {
  std::int64_t o = 0;
  for (int a = 0; a < shape.rank(); ++a) o = o * shape[a] + idx[static_cast<std::size_t>(a)];
  return o;
}

/// One spatial axis under TensorFlow padding: output length and padding before the input.
struct Axis {
  std::int64_t out = 0, pad = 0;
};
inline Axis axis_of(std::int64_t in, int kernel, int stride, int dilation, bool same) {
  const std::int64_t span = static_cast<std::int64_t>(kernel - 1) * dilation + 1;
  if (!same) return {(in - span) / stride + 1, 0};
  const std::int64_t out = (in + stride - 1) / stride;
  return {out, std::max<std::int64_t>(0, (out - 1) * stride + span - in) / 2};
}

struct Window {
  std::vector<int> kernel, strides, dilation;  ///< one entry per spatial axis
  bool same = false;
};

/// The spatial axes of `w` over the input spatial dims of `x` (batch, *spatial, channels).
inline std::vector<Axis> axes_of(const Shape& x, const Window& w) {
  std::vector<Axis> axes;
  for (std::size_t a = 0; a < w.kernel.size(); ++a) {
    axes.push_back(axis_of(x[static_cast<int>(a) + 1], w.kernel[a], w.strides[a], w.dilation[a], w.same));
  }
  return axes;
}

/// Calls f(input spatial index) for every in-bounds tap of the window at output index `o`
/// (spatial), with the tap's kernel index.
inline void for_each_tap(const Shape& x, const Window& w, const std::vector<Axis>& axes, const Index& o,
                         const std::function<void(const Index& in, const Index& tap)>& f) {
  Index kdims(w.kernel.begin(), w.kernel.end());
  for_each_index(kdims, [&](const Index& t) {
    Index in(t.size());
    for (std::size_t a = 0; a < t.size(); ++a) {
      in[a] = o[a] * w.strides[a] - axes[a].pad + t[a] * w.dilation[a];
      if (in[a] < 0 || in[a] >= x[static_cast<int>(a) + 1]) return;
    }
    f(in, t);
  });
}

/// Output shape (batch, *out, channels).
inline Shape out_shape(const Shape& x, const std::vector<Axis>& axes, std::int64_t channels) {
  std::vector<std::int64_t> dims{x[0]};
  for (const Axis& a : axes) dims.push_back(a.out);
  dims.push_back(channels);
  return Shape(dims);
}

inline Index cat(std::int64_t first, const Index& mid, std::int64_t last) {
  Index r{first};
  r.insert(r.end(), mid.begin(), mid.end());
  r.push_back(last);
  return r;
}

/// Grouped convolution: x (N, *S, C), kernel (*K, C/groups, F), bias (F) or undefined.
inline std::vector<double> conv(const Tensor& x, const Tensor& kernel, const Tensor& bias, const Window& w, int groups,
                                Shape* shape = nullptr) {
  const std::int64_t c = x.dim(-1), f = kernel.dim(-1), cg = c / groups, fg = f / groups;
  const std::vector<Axis> axes = axes_of(x.shape(), w);
  const Shape ys = out_shape(x.shape(), axes, f);
  if (shape) *shape = ys;
  const std::vector<double> vx = x.to_vector<double>(), vk = kernel.to_vector<double>();
  const std::vector<double> vb = bias.defined() ? bias.to_vector<double>() : std::vector<double>();
  const Shape taps(Index(kernel.shape().dims().begin(), kernel.shape().dims().end() - 2));
  std::vector<double> y(static_cast<std::size_t>(ys.size()), 0.0);
  Index odims(ys.dims().begin() + 1, ys.dims().end() - 1);
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    for_each_index(odims, [&](const Index& o) {
      for (std::int64_t fo = 0; fo < f; ++fo) {
        double s = vb.empty() ? 0.0 : vb[static_cast<std::size_t>(fo)];
        const std::int64_t g = fo / fg;
        for_each_tap(x.shape(), w, axes, o, [&](const Index& in, const Index& t) {
          for (std::int64_t ci = 0; ci < cg; ++ci) {
            s += vx[static_cast<std::size_t>(flat(x.shape(), cat(n, in, g * cg + ci)))] *
                 vk[static_cast<std::size_t>((flat(taps, t) * cg + ci) * f + fo)];
          }
        });
        y[static_cast<std::size_t>(flat(ys, cat(n, o, fo)))] = s;
      }
    });
  }
  return y;
}

/// Depthwise convolution: x (N, *S, C), kernel (*K, C, M), bias (C*M) or undefined; output
/// channel c*M + m.
inline std::vector<double> depthwise_conv(const Tensor& x, const Tensor& kernel, const Tensor& bias, const Window& w,
                                          Shape* shape = nullptr) {
  const std::int64_t c = x.dim(-1), m = kernel.dim(-1);
  const std::vector<Axis> axes = axes_of(x.shape(), w);
  const Shape ys = out_shape(x.shape(), axes, c * m);
  if (shape) *shape = ys;
  const std::vector<double> vx = x.to_vector<double>(), vk = kernel.to_vector<double>();
  const std::vector<double> vb = bias.defined() ? bias.to_vector<double>() : std::vector<double>();
  const Shape taps(Index(kernel.shape().dims().begin(), kernel.shape().dims().end() - 2));
  std::vector<double> y(static_cast<std::size_t>(ys.size()), 0.0);
  Index odims(ys.dims().begin() + 1, ys.dims().end() - 1);
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    for_each_index(odims, [&](const Index& o) {
      for (std::int64_t ci = 0; ci < c; ++ci) {
        for (std::int64_t mi = 0; mi < m; ++mi) {
          double s = vb.empty() ? 0.0 : vb[static_cast<std::size_t>(ci * m + mi)];
          for_each_tap(x.shape(), w, axes, o, [&](const Index& in, const Index& t) {
            s += vx[static_cast<std::size_t>(flat(x.shape(), cat(n, in, ci)))] *
                 vk[static_cast<std::size_t>((flat(taps, t) * c + ci) * m + mi)];
          });
          y[static_cast<std::size_t>(flat(ys, cat(n, o, ci * m + mi)))] = s;
        }
      }
    });
  }
  return y;
}

/// The transposed convolution as TensorFlow defines it: the gradient with respect to the input
/// of the convolution that maps (N, *out, F) onto x's shape (N, *S, C), with kernel
/// (*K, F, C) and TensorFlow's padding for an input of spatial size `out`.
inline std::vector<double> conv_transpose(const Tensor& x, const Tensor& kernel, const Tensor& bias, const Window& w,
                                          const Index& out, Shape* shape = nullptr) {
  const std::int64_t c = x.dim(-1), f = kernel.dim(-2);
  const Shape ys(cat(x.dim(0), out, f));
  if (shape) *shape = ys;
  const std::vector<Axis> axes = axes_of(ys, w);
  const std::vector<double> vx = x.to_vector<double>(), vk = kernel.to_vector<double>();
  const Shape taps(Index(kernel.shape().dims().begin(), kernel.shape().dims().end() - 2));
  std::vector<double> y(static_cast<std::size_t>(ys.size()), 0.0);
  Index idims(x.shape().dims().begin() + 1, x.shape().dims().end() - 1);
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    for_each_index(idims, [&](const Index& i) {
      for_each_tap(ys, w, axes, i, [&](const Index& o, const Index& t) {
        for (std::int64_t fo = 0; fo < f; ++fo) {
          for (std::int64_t ci = 0; ci < c; ++ci) {
            y[static_cast<std::size_t>(flat(ys, cat(n, o, fo)))] +=
                vx[static_cast<std::size_t>(flat(x.shape(), cat(n, i, ci)))] *
                vk[static_cast<std::size_t>((flat(taps, t) * f + fo) * c + ci)];
          }
        }
      });
    });
  }
  if (bias.defined()) {
    const std::vector<double> vb = bias.to_vector<double>();
    for (std::size_t e = 0; e < y.size(); ++e) y[e] += vb[e % static_cast<std::size_t>(f)];
  }
  return y;
}

/// Max or average pooling over any spatial axes; padding never wins a maximum and is left out
/// of averages.
inline std::vector<double> pool(const Tensor& x, const Window& w, bool max, Shape* shape = nullptr) {
  const std::int64_t c = x.dim(-1);
  const std::vector<Axis> axes = axes_of(x.shape(), w);
  const Shape ys = out_shape(x.shape(), axes, c);
  if (shape) *shape = ys;
  const std::vector<double> vx = x.to_vector<double>();
  std::vector<double> y(static_cast<std::size_t>(ys.size()), 0.0);
  Index odims(ys.dims().begin() + 1, ys.dims().end() - 1);
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    for_each_index(odims, [&](const Index& o) {
      for (std::int64_t ci = 0; ci < c; ++ci) {
        double acc = max ? -std::numeric_limits<double>::infinity() : 0.0;
        int count = 0;
        for_each_tap(x.shape(), w, axes, o, [&](const Index& in, const Index&) {
          const double v = vx[static_cast<std::size_t>(flat(x.shape(), cat(n, in, ci)))];
          acc = max ? std::max(acc, v) : acc + v;
          ++count;
        });
        y[static_cast<std::size_t>(flat(ys, cat(n, o, ci)))] = max ? acc : acc / count;
      }
    });
  }
  return y;
}

/// Bilinear resize of (N, H, W, C) to (N, oh, ow, C): output o samples the input at
/// (o + 0.5) * in / out - 0.5, clamped to [0, in - 1], blending the two neighbours.
inline std::vector<double> resize_bilinear(const Tensor& x, std::int64_t oh, std::int64_t ow) {
  const std::int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
  const std::vector<double> v = x.to_vector<double>();
  auto source = [](std::int64_t o, std::int64_t in, std::int64_t out) {
    const double s = (static_cast<double>(o) + 0.5) * static_cast<double>(in) / static_cast<double>(out) - 0.5;
    return std::clamp(s, 0.0, static_cast<double>(in - 1));
  };
  auto at = [&](std::int64_t b, std::int64_t i, std::int64_t j, std::int64_t ch) {
    return v[static_cast<std::size_t>(((b * h + i) * w + j) * c + ch)];
  };
  std::vector<double> y;
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t i = 0; i < oh; ++i)
      for (std::int64_t j = 0; j < ow; ++j)
        for (std::int64_t ch = 0; ch < c; ++ch) {
          const double sy = source(i, h, oh), sx = source(j, w, ow);
          const auto y0 = static_cast<std::int64_t>(sy), x0 = static_cast<std::int64_t>(sx);
          const std::int64_t y1 = std::min(y0 + 1, h - 1), x1 = std::min(x0 + 1, w - 1);
          const double fy = sy - static_cast<double>(y0), fx = sx - static_cast<double>(x0);
          y.push_back((1 - fy) * ((1 - fx) * at(b, y0, x0, ch) + fx * at(b, y0, x1, ch)) +
                      fy * ((1 - fx) * at(b, y1, x0, ch) + fx * at(b, y1, x1, ch)));
        }
  return y;
}

}  // namespace keras::testing::naive
