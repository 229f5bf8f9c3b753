// Bilinear resizing of (N,H,W,C) images with half-pixel centres (tf.image.resize, jax.image.resize
// without antialiasing): output pixel o samples the input at (o + 0.5) * in / out - 0.5, clamped
// to the image, so border pixels repeat instead of fading to zero.

#include <cmath>
#include <vector>

#include "libkeras/backend/cpu/cpu_conv_kernels.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

// The two input indices each output index blends, and the weight of the second.
struct Tap {
  std::int64_t lo, hi;
  float frac;
};

std::vector<Tap> axis_taps(std::int64_t in, std::int64_t out) {
  // Float arithmetic as TensorFlow's kernel, so results agree to the last bits.
  const float scale = static_cast<float>(in) / static_cast<float>(out);
  std::vector<Tap> taps(static_cast<std::size_t>(out));
  for (std::int64_t o = 0; o < out; ++o) {
    const float src = (static_cast<float>(o) + 0.5f) * scale - 0.5f;
    const float fl = std::floor(src);
    const auto i0 = static_cast<std::int64_t>(fl);
    taps[static_cast<std::size_t>(o)] = {std::clamp<std::int64_t>(i0, 0, in - 1),
                                         std::clamp<std::int64_t>(i0 + 1, 0, in - 1), src - fl};
  }
  return taps;
}

KERAS_DISPATCH void lerp_row(float* __restrict out, const float* __restrict a, const float* __restrict b,
                             const float* __restrict c, const float* __restrict d, float fx, float fy, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const float top = a[i] + (b[i] - a[i]) * fx, bottom = c[i] + (d[i] - c[i]) * fx;
    out[i] = top + (bottom - top) * fy;
  }
}

KERAS_DISPATCH void scale_add(float* __restrict dst, const float* __restrict src, float s, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) dst[i] += src[i] * s;
}

}  // namespace

void CpuConvKernels::resize_bilinear(const Tensor& x, Tensor& y) {
  const std::int64_t n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3), oh = y.dim(1), ow = y.dim(2);
  const std::vector<Tap> ty = axis_taps(h, oh), tx = axis_taps(w, ow);
  const float* px = x.data<float>();
  float* py = y.data<float>();
  parallel_for(n * oh, 4, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t row = b; row < e; ++row) {
      const std::int64_t s = row / oh;
      const Tap& vy = ty[static_cast<std::size_t>(row % oh)];
      const float* top = px + (s * h + vy.lo) * w * c;
      const float* bottom = px + (s * h + vy.hi) * w * c;
      for (std::int64_t ox = 0; ox < ow; ++ox) {
        const Tap& vx = tx[static_cast<std::size_t>(ox)];
        lerp_row(py + (row * ow + ox) * c, top + vx.lo * c, top + vx.hi * c, bottom + vx.lo * c, bottom + vx.hi * c,
                 vx.frac, vy.frac, c);
      }
    }
  });
}

void CpuConvKernels::resize_bilinear_backward(const Tensor& dy, Tensor& dx) {
  const std::int64_t n = dx.dim(0), h = dx.dim(1), w = dx.dim(2), c = dx.dim(3), oh = dy.dim(1), ow = dy.dim(2);
  const std::vector<Tap> ty = axis_taps(h, oh), tx = axis_taps(w, ow);
  const float* pdy = dy.data<float>();
  float* pdx = dx.data<float>();
  const std::int64_t sample = h * w * c;
  // Whole samples per thread: neighbouring output pixels share input pixels.
  parallel_for(n, 1, [&](std::int64_t b, std::int64_t e) {
    std::fill(pdx + b * sample, pdx + e * sample, 0.0f);
    for (std::int64_t s = b; s < e; ++s) {
      for (std::int64_t oy = 0; oy < oh; ++oy) {
        const Tap& vy = ty[static_cast<std::size_t>(oy)];
        float* top = pdx + (s * h + vy.lo) * w * c;
        float* bottom = pdx + (s * h + vy.hi) * w * c;
        for (std::int64_t ox = 0; ox < ow; ++ox) {
          const Tap& vx = tx[static_cast<std::size_t>(ox)];
          const float* d = pdy + ((s * oh + oy) * ow + ox) * c;
          scale_add(top + vx.lo * c, d, (1 - vy.frac) * (1 - vx.frac), c);
          scale_add(top + vx.hi * c, d, (1 - vy.frac) * vx.frac, c);
          scale_add(bottom + vx.lo * c, d, vy.frac * (1 - vx.frac), c);
          scale_add(bottom + vx.hi * c, d, vy.frac * vx.frac, c);
        }
      }
    }
  });
}

}  // namespace keras::cpu
