// 2-D convolution, NHWC input and (KH, KW, C, F) kernel, as im2col + sgemm.
//
// Output rows (one per output pixel, over the whole batch) are processed in chunks whose
// im2col buffer fits in L2; each thread owns a contiguous range of rows, so the forward pass
// needs no synchronisation. The backward pass gives each thread whole samples (col2im
// scatters into overlapping input windows) and a private kernel-gradient accumulator.

#include <cstring>
#include <vector>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

struct ConvGeometry {
  std::int64_t n, h, w, c, f;
  std::int64_t kh, kw, oh, ow;
  std::int64_t pixels;  // oh * ow
  std::int64_t k;       // kh * kw * c
  const Window2D* win;

  ConvGeometry(const Tensor& x, const Tensor& kernel, const Window2D& wd)
      : n(x.dim(0)), h(x.dim(1)), w(x.dim(2)), c(x.dim(3)), f(kernel.dim(3)), kh(wd.kernel_h), kw(wd.kernel_w),
        oh(wd.out_h), ow(wd.out_w), pixels(oh * ow), k(kh * kw * c), win(&wd) {}

  bool pointwise() const {
    return kh == 1 && kw == 1 && win->stride_h == 1 && win->stride_w == 1 && win->pad_top == 0 &&
           win->pad_left == 0 && oh == h && ow == w;
  }
  /// Rows per im2col chunk: about 768 KiB of buffer, so it stays in a core's L2.
  std::int64_t chunk_rows() const { return std::max<std::int64_t>(16, (768 * 1024) / (4 * k)); }
};

// Visits the input segments of output row r (global over the batch): for each kernel row kh,
// the run of kernel columns [kw0, kw1) that lands inside the image, as (column offset in the
// im2col row, offset in x, element count). Dilation 1 makes a run contiguous in x.
template <class F>
void for_each_segment(const ConvGeometry& g, std::int64_t r, F f) {
  const Window2D& wd = *g.win;
  std::int64_t sample = r / g.pixels, p = r % g.pixels;
  std::int64_t oy = p / g.ow, ox = p % g.ow;
  std::int64_t iy0 = oy * wd.stride_h - wd.pad_top, ix0 = ox * wd.stride_w - wd.pad_left;
  for (std::int64_t ky = 0; ky < g.kh; ++ky) {
    std::int64_t iy = iy0 + ky * wd.dilation_h;
    if (iy < 0 || iy >= g.h) continue;
    std::int64_t base = ((sample * g.h + iy) * g.w) * g.c;
    if (wd.dilation_w == 1) {
      std::int64_t kx0 = std::max<std::int64_t>(0, -ix0), kx1 = std::min<std::int64_t>(g.kw, g.w - ix0);
      if (kx1 > kx0) f((ky * g.kw + kx0) * g.c, base + (ix0 + kx0) * g.c, (kx1 - kx0) * g.c);
    } else {
      for (std::int64_t kx = 0; kx < g.kw; ++kx) {
        std::int64_t ix = ix0 + kx * wd.dilation_w;
        if (ix >= 0 && ix < g.w) f((ky * g.kw + kx) * g.c, base + ix * g.c, g.c);
      }
    }
  }
}

void im2col(const ConvGeometry& g, const float* x, std::int64_t r0, std::int64_t r1, float* buf) {
  for (std::int64_t r = r0; r < r1; ++r) {
    float* row = buf + (r - r0) * g.k;
    std::int64_t copied = 0;
    for_each_segment(g, r, [&](std::int64_t col, std::int64_t src, std::int64_t count) {
      std::memcpy(row + col, x + src, static_cast<std::size_t>(count) * sizeof(float));
      copied += count;
    });
    // Rows whose window overlaps the padding get their gaps zeroed; most rows have none
    // (every row of a 'valid' convolution), so they are written once instead of twice.
    if (copied < g.k) {
      std::vector<bool> covered(static_cast<std::size_t>(g.k), false);
      for_each_segment(g, r, [&](std::int64_t col, std::int64_t, std::int64_t count) {
        std::fill(covered.begin() + col, covered.begin() + col + count, true);
      });
      for (std::int64_t c = 0; c < g.k; ++c) {
        if (!covered[static_cast<std::size_t>(c)]) row[c] = 0.0f;
      }
    }
  }
}

KERAS_DISPATCH void add_into(float* __restrict dst, const float* __restrict src, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) dst[i] += src[i];
}

void col2im(const ConvGeometry& g, const float* buf, std::int64_t r0, std::int64_t r1, float* dx) {
  for (std::int64_t r = r0; r < r1; ++r) {
    const float* row = buf + (r - r0) * g.k;
    for_each_segment(g, r, [&](std::int64_t col, std::int64_t dst, std::int64_t count) {
      add_into(dx + dst, row + col, count);
    });
  }
}

}  // namespace

void CpuBackend::conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window2D& wd) {
  ConvGeometry g(x, kernel, wd);
  const float *px = x.data<float>(), *pk = kernel.data<float>();
  const float* pb = bias.defined() ? bias.data<float>() : nullptr;
  float* py = y.data<float>();
  const std::int64_t rows = g.n * g.pixels, chunk = g.chunk_rows();
  const bool pointwise = g.pointwise();
  const int threads = num_threads();
  Tensor scratch = pointwise ? Tensor() : Tensor(Shape{threads, chunk * g.k});
  parallel_for(rows, std::min<std::int64_t>(chunk, 64), [&](std::int64_t begin, std::int64_t end) {
    // Scratch slot: the team thread, or 0 when the loop runs serially (num_threads() is 1 inside
    // a caller's OpenMP region, where omp_get_thread_num() would index past the one slot).
    const int slot = threads > 1 ? omp_get_thread_num() : 0;
    float* buf = pointwise ? nullptr : scratch.data<float>() + slot * chunk * g.k;
    for (std::int64_t r0 = begin; r0 < end; r0 += chunk) {
      std::int64_t r1 = std::min(end, r0 + chunk), m = r1 - r0;
      const float* a = pointwise ? px + r0 * g.k : buf;
      if (!pointwise) im2col(g, px, r0, r1, buf);
      float* out = py + r0 * g.f;
      if (pb) {
        for (std::int64_t i = 0; i < m; ++i) std::memcpy(out + i * g.f, pb, static_cast<std::size_t>(g.f) * sizeof(float));
      }
      sgemm(false, false, static_cast<int>(m), static_cast<int>(g.f), static_cast<int>(g.k), 1.0f, a,
            static_cast<int>(g.k), pk, static_cast<int>(g.f), pb ? 1.0f : 0.0f, out, static_cast<int>(g.f));
    }
  });
}

void CpuBackend::conv2d_backward(const Tensor& x, const Tensor& kernel, const Tensor& dy, Tensor& dx,
                                 Tensor& dkernel, Tensor& dbias, const Window2D& wd) {
  ConvGeometry g(x, kernel, wd);
  const float *px = x.data<float>(), *pk = kernel.data<float>(), *pdy = dy.data<float>();
  const bool need_dx = dx.defined(), need_dk = dkernel.defined(), need_db = dbias.defined();
  const bool pointwise = g.pointwise();
  const std::int64_t chunk = g.chunk_rows();
  const int threads = static_cast<int>(std::min<std::int64_t>(num_threads(), g.n));
  const int ti = std::max(threads, 1);
  // Per-thread scratch: private dkernel/dbias accumulators, im2col rows and their gradient.
  const std::int64_t acc_elems = g.k * g.f + g.f;
  const std::int64_t col_elems = pointwise ? 0 : chunk * g.k;
  const std::int64_t per_thread = acc_elems + 2 * col_elems;
  Tensor scratch(Shape{ti, per_thread});
  for (int t = 0; t < ti; ++t) {
    float* acc = scratch.data<float>() + t * per_thread;
    std::fill(acc, acc + acc_elems, 0.0f);
  }
  float* pdx = need_dx ? dx.data<float>() : nullptr;

  parallel_for(g.n, 1, [&](std::int64_t s0, std::int64_t s1) {
    const int slot = threads > 1 ? omp_get_thread_num() : 0;  // as in conv2d()
    float* dk = scratch.data<float>() + slot * per_thread;
    float* db = dk + g.k * g.f;
    float* cols = dk + acc_elems;
    float* dcols = cols + col_elems;
    if (need_dx) std::fill(pdx + s0 * g.h * g.w * g.c, pdx + s1 * g.h * g.w * g.c, 0.0f);
    for (std::int64_t r0 = s0 * g.pixels; r0 < s1 * g.pixels; r0 += chunk) {
      std::int64_t r1 = std::min(s1 * g.pixels, r0 + chunk), m = r1 - r0;
      const float* dy_rows = pdy + r0 * g.f;
      if (need_dk) {
        const float* a = pointwise ? px + r0 * g.k : cols;
        if (!pointwise) im2col(g, px, r0, r1, cols);
        sgemm(true, false, static_cast<int>(g.k), static_cast<int>(g.f), static_cast<int>(m), 1.0f, a,
              static_cast<int>(g.k), dy_rows, static_cast<int>(g.f), 1.0f, dk, static_cast<int>(g.f));
      }
      if (need_db) {
        for (std::int64_t i = 0; i < m; ++i) add_into(db, dy_rows + i * g.f, g.f);
      }
      if (need_dx) {
        float* out = pointwise ? pdx + r0 * g.k : dcols;
        sgemm(false, true, static_cast<int>(m), static_cast<int>(g.k), static_cast<int>(g.f), 1.0f, dy_rows,
              static_cast<int>(g.f), pk, static_cast<int>(g.f), 0.0f, out, static_cast<int>(g.k));
        if (!pointwise) col2im(g, dcols, r0, r1, pdx);
      }
    }
  });
  // Combine the per-thread partial sums in thread order (deterministic).
  const float* s = scratch.data<float>();
  if (need_dk) {
    float* out = dkernel.data<float>();
    std::memcpy(out, s, static_cast<std::size_t>(g.k * g.f) * sizeof(float));
    for (int t = 1; t < ti; ++t) add_into(out, s + t * per_thread, g.k * g.f);
  }
  if (need_db) {
    float* out = dbias.data<float>();
    std::memcpy(out, s + g.k * g.f, static_cast<std::size_t>(g.f) * sizeof(float));
    for (int t = 1; t < ti; ++t) add_into(out, s + t * per_thread + g.k * g.f, g.f);
  }
}

}  // namespace keras::cpu
