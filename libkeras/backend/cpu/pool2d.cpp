// Max and average pooling over NHWC, vectorised along channels.

#include <limits>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

struct PoolGeometry {
  std::int64_t n, h, w, c, oh, ow;
  PoolGeometry(const Shape& x, const Window2D& wd)
      : n(x[0]), h(x[1]), w(x[2]), c(x[3]), oh(wd.out_h), ow(wd.out_w) {}
};

// The in-bounds window [y0, y1) x [x0, x1) of output pixel (oy, ox).
struct Bounds {
  std::int64_t y0, y1, x0, x1;
};

Bounds window_bounds(const Window2D& wd, const PoolGeometry& g, std::int64_t oy, std::int64_t ox) {
  std::int64_t y0 = oy * wd.stride_h - wd.pad_top, x0 = ox * wd.stride_w - wd.pad_left;
  return {std::max<std::int64_t>(0, y0), std::min<std::int64_t>(g.h, y0 + wd.kernel_h), std::max<std::int64_t>(0, x0),
          std::min<std::int64_t>(g.w, x0 + wd.kernel_w)};
}

KERAS_DISPATCH void max_step(float* __restrict best, std::int32_t* __restrict arg, const float* __restrict in,
                             std::int32_t offset, std::int64_t c) {
  for (std::int64_t i = 0; i < c; ++i) {
    // Strictly greater keeps the first maximum in window order, as TensorFlow's gradient does.
    bool better = in[i] > best[i];
    best[i] = better ? in[i] : best[i];
    arg[i] = better ? offset + static_cast<std::int32_t>(i) : arg[i];
  }
}

KERAS_DISPATCH void sum_step(float* __restrict acc, const float* __restrict in, std::int64_t c) {
  for (std::int64_t i = 0; i < c; ++i) acc[i] += in[i];
}

KERAS_DISPATCH void scale_add(float* __restrict dst, const float* __restrict src, float s, std::int64_t c) {
  for (std::int64_t i = 0; i < c; ++i) dst[i] += src[i] * s;
}

}  // namespace

void CpuBackend::pool2d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window2D& wd) {
  PoolGeometry g(x.shape(), wd);
  const float* px = x.data<float>();
  float* py = y.data<float>();
  std::int32_t* pa = mode == PoolMode::max ? argmax.data<std::int32_t>() : nullptr;
  const std::int64_t sample_in = g.h * g.w * g.c, sample_out = g.oh * g.ow * g.c;
  parallel_for(g.n * g.oh, 4, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t row = b; row < e; ++row) {
      std::int64_t s = row / g.oh, oy = row % g.oh;
      const float* xs = px + s * sample_in;
      for (std::int64_t ox = 0; ox < g.ow; ++ox) {
        std::int64_t o = s * sample_out + (oy * g.ow + ox) * g.c;
        Bounds bd = window_bounds(wd, g, oy, ox);
        float* out = py + o;
        if (mode == PoolMode::max) {
          std::int32_t* arg = pa + o;
          std::fill(out, out + g.c, -std::numeric_limits<float>::infinity());
          std::fill(arg, arg + g.c, 0);
          for (std::int64_t iy = bd.y0; iy < bd.y1; ++iy) {
            for (std::int64_t ix = bd.x0; ix < bd.x1; ++ix) {
              auto off = static_cast<std::int32_t>((iy * g.w + ix) * g.c);
              max_step(out, arg, xs + off, off, g.c);
            }
          }
        } else {
          std::fill(out, out + g.c, 0.0f);
          for (std::int64_t iy = bd.y0; iy < bd.y1; ++iy) {
            for (std::int64_t ix = bd.x0; ix < bd.x1; ++ix) sum_step(out, xs + (iy * g.w + ix) * g.c, g.c);
          }
          float inv = 1.0f / static_cast<float>((bd.y1 - bd.y0) * (bd.x1 - bd.x0));
          for (std::int64_t i = 0; i < g.c; ++i) out[i] *= inv;
        }
      }
    }
  });
}

void CpuBackend::pool2d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx,
                                 const Window2D& wd) {
  PoolGeometry g(dx.shape(), wd);
  const float* pdy = dy.data<float>();
  float* pdx = dx.data<float>();
  const std::int32_t* pa = mode == PoolMode::max ? argmax.data<std::int32_t>() : nullptr;
  const std::int64_t sample_in = g.h * g.w * g.c, sample_out = g.oh * g.ow * g.c;
  // Whole samples per thread: windows overlap when strides are smaller than the pool.
  parallel_for(g.n, 1, [&](std::int64_t b, std::int64_t e) {
    std::fill(pdx + b * sample_in, pdx + e * sample_in, 0.0f);
    for (std::int64_t s = b; s < e; ++s) {
      float* dxs = pdx + s * sample_in;
      const float* dys = pdy + s * sample_out;
      if (mode == PoolMode::max) {
        const std::int32_t* as = pa + s * sample_out;
        for (std::int64_t i = 0; i < sample_out; ++i) dxs[as[i]] += dys[i];
        continue;
      }
      for (std::int64_t oy = 0; oy < g.oh; ++oy) {
        for (std::int64_t ox = 0; ox < g.ow; ++ox) {
          Bounds bd = window_bounds(wd, g, oy, ox);
          float inv = 1.0f / static_cast<float>((bd.y1 - bd.y0) * (bd.x1 - bd.x0));
          const float* d = dys + (oy * g.ow + ox) * g.c;
          for (std::int64_t iy = bd.y0; iy < bd.y1; ++iy) {
            for (std::int64_t ix = bd.x0; ix < bd.x1; ++ix) scale_add(dxs + (iy * g.w + ix) * g.c, d, inv, g.c);
          }
        }
      }
    }
  });
}

}  // namespace keras::cpu
