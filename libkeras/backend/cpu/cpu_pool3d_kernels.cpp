// Max and average pooling over (N,D,H,W,C), vectorised along channels (the 3-D counterpart of
// pool2d.cpp, same tie and padding rules).

#include <limits>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

struct Geometry {
  std::int64_t n, d, h, w, c;
  const Window3D* win;
  Geometry(const Shape& x, const Window3D& wd) : n(x[0]), d(x[1]), h(x[2]), w(x[3]), c(x[4]), win(&wd) {}
  std::int64_t sample_in() const { return d * h * w * c; }
  std::int64_t sample_out() const { return win->out[0] * win->out[1] * win->out[2] * c; }
};

// The in-bounds window of output pixel (oz, oy, ox): [lo[a], hi[a]) along each axis a.
struct Bounds {
  std::int64_t lo[3], hi[3];
  std::int64_t count() const { return (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]); }
};

Bounds window_bounds(const Geometry& g, std::int64_t oz, std::int64_t oy, std::int64_t ox) {
  const Window3D& wd = *g.win;
  const std::int64_t o[3] = {oz, oy, ox}, size[3] = {g.d, g.h, g.w};
  Bounds b{};
  for (int a = 0; a < 3; ++a) {
    std::int64_t start = o[a] * wd.stride[a] - wd.pad_before[a];
    b.lo[a] = std::max<std::int64_t>(0, start);
    b.hi[a] = std::min<std::int64_t>(size[a], start + wd.kernel[a]);
  }
  return b;
}

// Calls f(offset within the sample) for every input pixel of the window.
template <class F>
void for_each_pixel(const Geometry& g, const Bounds& b, F f) {
  for (std::int64_t iz = b.lo[0]; iz < b.hi[0]; ++iz) {
    for (std::int64_t iy = b.lo[1]; iy < b.hi[1]; ++iy) {
      for (std::int64_t ix = b.lo[2]; ix < b.hi[2]; ++ix) f(((iz * g.h + iy) * g.w + ix) * g.c);
    }
  }
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

KERAS_DISPATCH void scale_add(float* __restrict dst, const float* __restrict src, float s, std::int64_t c) {
  for (std::int64_t i = 0; i < c; ++i) dst[i] += src[i] * s;
}

}  // namespace

void CpuConvKernels::pool3d(PoolMode mode, const Tensor& x, Tensor& y, Tensor& argmax, const Window3D& wd) {
  Geometry g(x.shape(), wd);
  const float* px = x.data<float>();
  float* py = y.data<float>();
  std::int32_t* pa = mode == PoolMode::max ? argmax.data<std::int32_t>() : nullptr;
  const std::int64_t lines = g.n * wd.out[0] * wd.out[1];
  parallel_for(lines, 4, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t line = b; line < e; ++line) {
      const std::int64_t s = line / (wd.out[0] * wd.out[1]), oz = (line / wd.out[1]) % wd.out[0], oy = line % wd.out[1];
      const float* xs = px + s * g.sample_in();
      for (std::int64_t ox = 0; ox < wd.out[2]; ++ox) {
        const std::int64_t o = (line * wd.out[2] + ox) * g.c;
        const Bounds bd = window_bounds(g, oz, oy, ox);
        float* out = py + o;
        if (mode == PoolMode::max) {
          std::int32_t* arg = pa + o;
          std::fill(out, out + g.c, -std::numeric_limits<float>::infinity());
          std::fill(arg, arg + g.c, 0);
          for_each_pixel(g, bd,
                         [&](std::int64_t off) { max_step(out, arg, xs + off, static_cast<std::int32_t>(off), g.c); });
        } else {
          std::fill(out, out + g.c, 0.0f);
          for_each_pixel(g, bd, [&](std::int64_t off) { scale_add(out, xs + off, 1.0f, g.c); });
          const float inv = 1.0f / static_cast<float>(bd.count());
          for (std::int64_t i = 0; i < g.c; ++i) out[i] *= inv;
        }
      }
    }
  });
}

void CpuConvKernels::pool3d_backward(PoolMode mode, const Tensor& dy, const Tensor& argmax, Tensor& dx,
                                     const Window3D& wd) {
  Geometry g(dx.shape(), wd);
  const float* pdy = dy.data<float>();
  float* pdx = dx.data<float>();
  const std::int32_t* pa = mode == PoolMode::max ? argmax.data<std::int32_t>() : nullptr;
  const std::int64_t sample_in = g.sample_in(), sample_out = g.sample_out();
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
      for (std::int64_t oz = 0; oz < wd.out[0]; ++oz) {
        for (std::int64_t oy = 0; oy < wd.out[1]; ++oy) {
          for (std::int64_t ox = 0; ox < wd.out[2]; ++ox) {
            const Bounds bd = window_bounds(g, oz, oy, ox);
            const float inv = 1.0f / static_cast<float>(bd.count());
            const float* d = dys + ((oz * wd.out[1] + oy) * wd.out[2] + ox) * g.c;
            for_each_pixel(g, bd, [&](std::int64_t off) { scale_add(dxs + off, d, inv, g.c); });
          }
        }
      }
    }
  });
}

}  // namespace keras::cpu
