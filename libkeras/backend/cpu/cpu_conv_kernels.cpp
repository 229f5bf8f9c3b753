// Grouped convolution over three spatial axes, (N,D,H,W,C) input and (KD,KH,KW,C/G,F) kernel,
// as im2col + sgemm (G = groups).
//
// Rows of the im2col matrix are output pixels (over the whole batch). A row holds G blocks, one
// per group; block g lists, tap after tap, the g-th channel slice of the input pixel under the
// tap (zero outside the input). Block g times the group's (taps * C/G, F/G) kernel block, a
// column slice of the (taps * C/G, F) kernel matrix, is the group's slice of the output row, so
// one im2col pass feeds G GEMMs with leading dimension taps * C. With G = 1 the row is the usual
// tap-major im2col row and contiguous input runs are copied at once. The transposed products
// give the two gradients: dkernel = cols^T dy, and dx = col2im(dy kernel^T), which is also the
// forward pass of the transposed convolution.
//
// Threads own contiguous output rows in the forward pass and in the kernel gradient (with
// private accumulators summed in thread order, so results do not depend on scheduling), and
// whole samples in the input gradient, where col2im scatters into overlapping windows.

#include <cstring>
#include <vector>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

struct Geometry {
  std::int64_t n, d, h, w, c, f, groups, cg, fg;
  std::int64_t kd, kh, kw, taps;
  std::int64_t kg;      // taps * cg: one group's block of an im2col row
  std::int64_t row;     // taps * c: the im2col row length
  std::int64_t pixels;  // output pixels per sample
  const Window3D* win;

  Geometry(const Shape& x, std::int64_t filters, const Window3D& wd, int g)
      : n(x[0]),
        d(x[1]),
        h(x[2]),
        w(x[3]),
        c(x[4]),
        f(filters),
        groups(g),
        cg(x[4] / g),
        fg(filters / g),
        kd(wd.kernel[0]),
        kh(wd.kernel[1]),
        kw(wd.kernel[2]),
        taps(kd * kh * kw),
        kg(taps * cg),
        row(taps * c),
        pixels(wd.out[0] * wd.out[1] * wd.out[2]),
        win(&wd) {}

  /// A 1x1x1 kernel over an unpadded, unstrided input: the im2col matrix is the input itself.
  bool pointwise() const {
    const Window3D& wd = *win;
    return taps == 1 && wd.stride == std::array<int, 3>{1, 1, 1} && wd.pad_before == std::array<int, 3>{0, 0, 0} &&
           wd.out[0] == d && wd.out[1] == h && wd.out[2] == w;
  }
  /// Rows per im2col chunk: about 768 KiB of buffer, so it stays in a core's L2.
  std::int64_t chunk_rows() const { return std::max<std::int64_t>(16, (768 * 1024) / (4 * row)); }
};

// Calls f(tap, offset) for every kernel tap of output row r, in kernel order, with the offset in
// x of the input pixel under the tap, or -1 when the tap falls in the padding.
template <class F>
void for_each_tap(const Geometry& g, std::int64_t r, F f) {
  const Window3D& wd = *g.win;
  const std::int64_t sample = r / g.pixels, p = r % g.pixels;
  const std::int64_t oz = p / (wd.out[1] * wd.out[2]), oy = (p / wd.out[2]) % wd.out[1], ox = p % wd.out[2];
  const std::int64_t z0 = oz * wd.stride[0] - wd.pad_before[0], y0 = oy * wd.stride[1] - wd.pad_before[1],
                     x0 = ox * wd.stride[2] - wd.pad_before[2];
  std::int64_t tap = 0;
  for (std::int64_t a = 0; a < g.kd; ++a) {
    const std::int64_t iz = z0 + a * wd.dilation[0];
    for (std::int64_t b = 0; b < g.kh; ++b) {
      const std::int64_t iy = y0 + b * wd.dilation[1];
      for (std::int64_t e = 0; e < g.kw; ++e, ++tap) {
        const std::int64_t ix = x0 + e * wd.dilation[2];
        const bool inside = iz >= 0 && iz < g.d && iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
        f(tap, inside ? (((sample * g.d + iz) * g.h + iy) * g.w + ix) * g.c : std::int64_t{-1});
      }
    }
  }
}

// Copies (or accumulates) runs of floats, merging a run that continues the previous one in both
// source and destination into a single call: neighbouring taps of an ungrouped row usually do.
template <class Op>
class RunMerger {
 public:
  explicit RunMerger(Op op) : op_(op) {}
  ~RunMerger() { flush(); }
  void add(float* dst, const float* src, std::int64_t n) {
    if (n_ > 0 && dst == dst_ + n_ && src == src_ + n_) {
      n_ += n;
      return;
    }
    flush();
    dst_ = dst;
    src_ = src;
    n_ = n;
  }

 private:
  void flush() {
    if (n_ > 0) op_(dst_, src_, n_);
    n_ = 0;
  }
  Op op_;
  float* dst_ = nullptr;
  const float* src_ = nullptr;
  std::int64_t n_ = 0;
};

KERAS_DISPATCH void add_into(float* __restrict dst, const float* __restrict src, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) dst[i] += src[i];
}

void im2col(const Geometry& g, const float* x, std::int64_t r0, std::int64_t r1, float* buf) {
  auto copy = [](float* dst, const float* src, std::int64_t n) {
    std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
  };
  for (std::int64_t r = r0; r < r1; ++r) {
    float* row = buf + (r - r0) * g.row;
    RunMerger<decltype(copy)> runs(copy);
    for_each_tap(g, r, [&](std::int64_t tap, std::int64_t src) {
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        float* dst = row + grp * g.kg + tap * g.cg;
        if (src < 0) {
          std::memset(dst, 0, static_cast<std::size_t>(g.cg) * sizeof(float));
        } else {
          runs.add(dst, x + src + grp * g.cg, g.cg);
        }
      }
    });
  }
}

// The adjoint of im2col: dx[pixel under tap] += the row's entries for that tap.
void col2im(const Geometry& g, const float* buf, std::int64_t r0, std::int64_t r1, float* dx) {
  auto accumulate = [](float* dst, const float* src, std::int64_t n) { add_into(dst, src, n); };
  for (std::int64_t r = r0; r < r1; ++r) {
    const float* row = buf + (r - r0) * g.row;
    RunMerger<decltype(accumulate)> runs(accumulate);
    for_each_tap(g, r, [&](std::int64_t tap, std::int64_t dst) {
      if (dst < 0) return;
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        runs.add(dx + dst + grp * g.cg, row + grp * g.kg + tap * g.cg, g.cg);
      }
    });
  }
}

int to_int(std::int64_t v) { return static_cast<int>(v); }

// The scratch slot of the calling thread: its team index, or 0 when the loop runs serially
// (num_threads() is 1 inside a caller's OpenMP region, where omp_get_thread_num() would index
// past the one slot).
int slot_of(int threads) { return threads > 1 ? omp_get_thread_num() : 0; }

}  // namespace

void CpuConvKernels::conv3d(const Tensor& x, const Tensor& kernel, const Tensor& bias, Tensor& y, const Window3D& wd,
                            int groups) {
  Geometry g(x.shape(), kernel.dim(4), wd, groups);
  const float *px = x.data<float>(), *pk = kernel.data<float>();
  const float* pb = bias.defined() ? bias.data<float>() : nullptr;
  float* py = y.data<float>();
  const std::int64_t rows = g.n * g.pixels, chunk = g.chunk_rows();
  const bool pointwise = g.pointwise();
  const int threads = num_threads();
  Tensor scratch = pointwise ? Tensor() : Tensor(Shape{threads, chunk * g.row});
  parallel_for(rows, std::min<std::int64_t>(chunk, 64), [&](std::int64_t begin, std::int64_t end) {
    float* buf = pointwise ? nullptr : scratch.data<float>() + slot_of(threads) * chunk * g.row;
    for (std::int64_t r0 = begin; r0 < end; r0 += chunk) {
      const std::int64_t r1 = std::min(end, r0 + chunk), m = r1 - r0;
      float* out = py + r0 * g.f;
      if (pb) {
        for (std::int64_t i = 0; i < m; ++i)
          std::memcpy(out + i * g.f, pb, static_cast<std::size_t>(g.f) * sizeof(float));
      }
      const float* cols = pointwise ? px + r0 * g.c : buf;
      if (!pointwise) im2col(g, px, r0, r1, buf);
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        sgemm(false, false, to_int(m), to_int(g.fg), to_int(g.kg), 1.0f, cols + grp * g.kg, to_int(g.row),
              pk + grp * g.fg, to_int(g.f), pb ? 1.0f : 0.0f, out + grp * g.fg, to_int(g.f));
      }
    }
  });
}

void CpuConvKernels::conv3d_backward_input(const Tensor& dy, const Tensor& kernel, Tensor& dx, const Window3D& wd,
                                           int groups) {
  Geometry g(dx.shape(), kernel.dim(4), wd, groups);
  const float *pdy = dy.data<float>(), *pk = kernel.data<float>();
  float* pdx = dx.data<float>();
  const std::int64_t chunk = g.chunk_rows(), sample = g.d * g.h * g.w * g.c;
  const bool pointwise = g.pointwise();
  const int threads = num_threads();
  Tensor scratch = pointwise ? Tensor() : Tensor(Shape{threads, chunk * g.row});
  parallel_for(g.n, 1, [&](std::int64_t s0, std::int64_t s1) {
    float* dcols = pointwise ? nullptr : scratch.data<float>() + slot_of(threads) * chunk * g.row;
    if (!pointwise) std::fill(pdx + s0 * sample, pdx + s1 * sample, 0.0f);
    for (std::int64_t r0 = s0 * g.pixels; r0 < s1 * g.pixels; r0 += chunk) {
      const std::int64_t r1 = std::min(s1 * g.pixels, r0 + chunk), m = r1 - r0;
      // Pointwise: the im2col matrix is dx itself, so every element is written once, in place.
      float* out = pointwise ? pdx + r0 * g.c : dcols;
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        sgemm(false, true, to_int(m), to_int(g.kg), to_int(g.fg), 1.0f, pdy + r0 * g.f + grp * g.fg, to_int(g.f),
              pk + grp * g.fg, to_int(g.f), 0.0f, out + grp * g.kg, to_int(g.row));
      }
      if (!pointwise) col2im(g, dcols, r0, r1, pdx);
    }
  });
}

void CpuConvKernels::conv3d_backward_kernel(const Tensor& x, const Tensor& dy, Tensor& dkernel, const Window3D& wd,
                                            int groups) {
  Geometry g(x.shape(), dkernel.dim(4), wd, groups);
  const float *px = x.data<float>(), *pdy = dy.data<float>();
  const std::int64_t rows = g.n * g.pixels, chunk = g.chunk_rows(), acc_elems = g.kg * g.f;
  const bool pointwise = g.pointwise();
  const int threads = num_threads();
  const std::int64_t per_thread = acc_elems + (pointwise ? 0 : chunk * g.row);
  Tensor scratch = Tensor::zeros(Shape{threads, per_thread});
  parallel_for(rows, std::min<std::int64_t>(chunk, 64), [&](std::int64_t begin, std::int64_t end) {
    float* acc = scratch.data<float>() + slot_of(threads) * per_thread;
    float* buf = acc + acc_elems;
    for (std::int64_t r0 = begin; r0 < end; r0 += chunk) {
      const std::int64_t r1 = std::min(end, r0 + chunk), m = r1 - r0;
      const float* cols = pointwise ? px + r0 * g.c : buf;
      if (!pointwise) im2col(g, px, r0, r1, buf);
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        sgemm(true, false, to_int(g.kg), to_int(g.fg), to_int(m), 1.0f, cols + grp * g.kg, to_int(g.row),
              pdy + r0 * g.f + grp * g.fg, to_int(g.f), 1.0f, acc + grp * g.fg, to_int(g.f));
      }
    }
  });
  float* out = dkernel.data<float>();
  const float* s = scratch.data<float>();
  std::memcpy(out, s, static_cast<std::size_t>(acc_elems) * sizeof(float));
  for (int t = 1; t < threads; ++t) add_into(out, s + t * per_thread, acc_elems);
}

}  // namespace keras::cpu
