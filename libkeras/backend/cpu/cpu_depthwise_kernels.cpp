// Depthwise convolution over three spatial axes: (N,D,H,W,C) input, (KD,KH,KW,C,M) kernel,
// (N,OD,OH,OW,C*M) output. Each channel meets only its own M filters, so im2col + GEMM would
// multiply by a block-diagonal matrix; direct loops vectorised along the C*M output channels do
// the same work without the zeros. With M > 1 the input pixel is first repeated M times per
// channel, so every inner loop runs over the contiguous C*M axis.

#include <cstring>
#include <vector>

#include "libkeras/backend/cpu/cpu_conv_kernels.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

struct Geometry {
  std::int64_t n, d, h, w, c, m, cm;
  const Window3D* win;
  Geometry(const Shape& x, std::int64_t multiplier, const Window3D& wd)
      : n(x[0]), d(x[1]), h(x[2]), w(x[3]), c(x[4]), m(multiplier), cm(x[4] * multiplier), win(&wd) {}
  std::int64_t out_row_pixels() const { return win->out[2]; }
};

// Calls f(tap, input offset) for each in-bounds tap of output pixel (s, oz, oy, ox).
template <class F>
void for_each_tap(const Geometry& g, std::int64_t s, std::int64_t oz, std::int64_t oy, std::int64_t ox, F f) {
  const Window3D& wd = *g.win;
  const std::int64_t z0 = oz * wd.stride[0] - wd.pad_before[0], y0 = oy * wd.stride[1] - wd.pad_before[1],
                     x0 = ox * wd.stride[2] - wd.pad_before[2];
  std::int64_t tap = 0;
  for (std::int64_t a = 0; a < wd.kernel[0]; ++a) {
    const std::int64_t iz = z0 + a * wd.dilation[0];
    for (std::int64_t b = 0; b < wd.kernel[1]; ++b) {
      const std::int64_t iy = y0 + b * wd.dilation[1];
      for (std::int64_t e = 0; e < wd.kernel[2]; ++e, ++tap) {
        const std::int64_t ix = x0 + e * wd.dilation[2];
        if (iz < 0 || iz >= g.d || iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
        f(tap, (((s * g.d + iz) * g.h + iy) * g.w + ix) * g.c);
      }
    }
  }
}

KERAS_DISPATCH void fma_into(float* __restrict acc, const float* __restrict a, const float* __restrict b,
                             std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) acc[i] += a[i] * b[i];
}

// The input pixel with each channel repeated m times (or the pixel itself when m == 1).
const float* expand(const float* in, std::int64_t c, std::int64_t m, float* buf) {
  if (m == 1) return in;
  for (std::int64_t i = 0; i < c; ++i) std::fill(buf + i * m, buf + (i + 1) * m, in[i]);
  return buf;
}

}  // namespace

void CpuConvKernels::depthwise_conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y,
                                      const Window3D& wd) {
  Geometry g(x.shape(), kernel.dim(4), wd);
  const float *px = x.data<float>(), *pk = kernel.data<float>();
  const float* pb = bias.defined() ? bias.data<float>() : nullptr;
  float* py = y.data<float>();
  const std::int64_t lines = g.n * wd.out[0] * wd.out[1];  // output rows of OW pixels
  parallel_for(lines, 4, [&](std::int64_t b, std::int64_t e) {
    std::vector<float> buf(static_cast<std::size_t>(g.cm));
    for (std::int64_t line = b; line < e; ++line) {
      const std::int64_t s = line / (wd.out[0] * wd.out[1]), oz = (line / wd.out[1]) % wd.out[0], oy = line % wd.out[1];
      for (std::int64_t ox = 0; ox < g.out_row_pixels(); ++ox) {
        float* out = py + (line * wd.out[2] + ox) * g.cm;
        if (pb) {
          std::memcpy(out, pb, static_cast<std::size_t>(g.cm) * sizeof(float));
        } else {
          std::fill(out, out + g.cm, 0.0f);
        }
        for_each_tap(g, s, oz, oy, ox, [&](std::int64_t tap, std::int64_t src) {
          fma_into(out, expand(px + src, g.c, g.m, buf.data()), pk + tap * g.cm, g.cm);
        });
      }
    }
  });
}

void CpuConvKernels::depthwise_conv3d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx,
                                               Tensor& dkernel, const Window3D& wd) {
  Geometry g(x.shape(), kernel.dim(4), wd);
  const float *px = x.data<float>(), *pk = kernel.data<float>(), *pdy = dy.data<float>();
  float* pdx = dx.defined() ? dx.data<float>() : nullptr;
  const bool need_dk = dkernel.defined();
  const std::int64_t taps = static_cast<std::int64_t>(wd.kernel[0]) * wd.kernel[1] * wd.kernel[2];
  const std::int64_t k_elems = taps * g.cm, sample = g.d * g.h * g.w * g.c;
  const int threads = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(num_threads(), g.n)));
  Tensor scratch = need_dk ? Tensor::zeros(Shape{threads, k_elems}) : Tensor();
  // Whole samples per thread: dx windows overlap; dkernel sums go to private accumulators.
  parallel_for(g.n, 1, [&](std::int64_t s0, std::int64_t s1) {
    float* acc = need_dk ? scratch.data<float>() + (threads > 1 ? omp_get_thread_num() : 0) * k_elems : nullptr;
    std::vector<float> buf(static_cast<std::size_t>(g.cm)), prod(static_cast<std::size_t>(g.cm));
    if (pdx) std::fill(pdx + s0 * sample, pdx + s1 * sample, 0.0f);
    for (std::int64_t s = s0; s < s1; ++s) {
      for (std::int64_t oz = 0; oz < wd.out[0]; ++oz) {
        for (std::int64_t oy = 0; oy < wd.out[1]; ++oy) {
          for (std::int64_t ox = 0; ox < wd.out[2]; ++ox) {
            const float* d = pdy + (((s * wd.out[0] + oz) * wd.out[1] + oy) * wd.out[2] + ox) * g.cm;
            for_each_tap(g, s, oz, oy, ox, [&](std::int64_t tap, std::int64_t off) {
              if (acc) fma_into(acc + tap * g.cm, d, expand(px + off, g.c, g.m, buf.data()), g.cm);
              if (!pdx) return;
              if (g.m == 1) {
                fma_into(pdx + off, d, pk + tap * g.cm, g.c);
                return;
              }
              std::fill(prod.begin(), prod.end(), 0.0f);
              fma_into(prod.data(), d, pk + tap * g.cm, g.cm);
              for (std::int64_t ch = 0; ch < g.c; ++ch) {
                float sum = 0.0f;
                for (std::int64_t j = 0; j < g.m; ++j) sum += prod[static_cast<std::size_t>(ch * g.m + j)];
                pdx[off + ch] += sum;
              }
            });
          }
        }
      }
    }
  });
  if (!need_dk) return;
  float* out = dkernel.data<float>();
  const float* s = scratch.data<float>();
  std::memcpy(out, s, static_cast<std::size_t>(k_elems) * sizeof(float));
  for (int t = 1; t < threads; ++t) {
    for (std::int64_t i = 0; i < k_elems; ++i) out[i] += s[t * k_elems + i];
  }
}

}  // namespace keras::cpu
