// Reductions over axes, sum of squares and argmax.

#include <cmath>
#include <limits>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

KERAS_DISPATCH void accumulate_rows(float* __restrict out, const float* __restrict src, std::int64_t rows,
                                    std::int64_t inner, bool max) {
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* row = src + r * inner;
    if (max) {
      for (std::int64_t i = 0; i < inner; ++i) out[i] = std::max(out[i], row[i]);
    } else {
      for (std::int64_t i = 0; i < inner; ++i) out[i] += row[i];
    }
  }
}

double reduce_contiguous(const float* p, std::int64_t n, bool max) {
  if (max) {
    float m = -std::numeric_limits<float>::infinity();
    for (std::int64_t i = 0; i < n; ++i) m = std::max(m, p[i]);
    return m;
  }
  double s = 0.0;
  for (std::int64_t i = 0; i < n; ++i) s += p[i];
  return s;
}

// Reduces dims [first, last] of `shape` (a contiguous run) from src into dst.
void reduce_run(bool max, const float* src, const Shape& shape, int first, int last, float* dst) {
  std::int64_t outer = 1, length = 1, inner = 1;
  for (int d = 0; d < shape.rank(); ++d) {
    (d < first ? outer : d <= last ? length : inner) *= shape[d];
  }
  const float init = max ? -std::numeric_limits<float>::infinity() : 0.0f;
  if (inner == 1) {
    if (outer == 1) {
      // One long reduction: partial results per thread, combined in order (deterministic).
      int threads = num_threads();
      std::vector<double> partial(static_cast<std::size_t>(threads), max ? -INFINITY : 0.0);
      std::int64_t chunks = std::min<std::int64_t>(threads, std::max<std::int64_t>(1, length / kElementwiseGrain));
      parallel_for(chunks, 1, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t c = b; c < e; ++c) {
          std::int64_t s = length * c / chunks, t = length * (c + 1) / chunks;
          partial[static_cast<std::size_t>(c)] = reduce_contiguous(src + s, t - s, max);
        }
      });
      double total = max ? -INFINITY : 0.0;
      for (std::int64_t c = 0; c < chunks; ++c) {
        double v = partial[static_cast<std::size_t>(c)];
        total = max ? std::max(total, v) : total + v;
      }
      dst[0] = static_cast<float>(total);
      return;
    }
    std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, length));
    parallel_for(outer, grain, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t o = b; o < e; ++o) dst[o] = static_cast<float>(reduce_contiguous(src + o * length, length, max));
    });
    return;
  }
  if (outer >= num_threads()) {
    std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, length * inner));
    parallel_for(outer, grain, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t o = b; o < e; ++o) {
        float* out = dst + o * inner;
        std::fill(out, out + inner, init);
        accumulate_rows(out, src + o * length * inner, length, inner, max);
      }
    });
    return;
  }
  // Few outer rows (e.g. a bias gradient): split the inner axis across threads.
  for (std::int64_t o = 0; o < outer; ++o) {
    float* out = dst + o * inner;
    const float* in = src + o * length * inner;
    std::int64_t grain = std::max<std::int64_t>(16, kElementwiseGrain / std::max<std::int64_t>(1, length));
    parallel_for(inner, grain, [&](std::int64_t b, std::int64_t e) {
      std::fill(out + b, out + e, init);
      for (std::int64_t l = 0; l < length; ++l) {
        accumulate_rows(out + b, in + l * inner + b, 1, e - b, max);
      }
    });
  }
}

}  // namespace

void CpuBackend::reduce(ReduceOp op, const Tensor& x, const std::vector<int>& axes, Tensor& out) {
  const bool max = op == ReduceOp::max;
  if (axes.empty()) {
    cast(x, out);
    return;
  }
  // Split the axes into runs of consecutive dims and reduce the last run first.
  std::vector<std::pair<int, int>> runs;
  for (int a : axes) {
    if (!runs.empty() && runs.back().second + 1 == a) {
      runs.back().second = a;
    } else {
      runs.emplace_back(a, a);
    }
  }
  Tensor current = x;
  Shape shape = x.shape();
  for (std::size_t r = runs.size(); r-- > 0;) {
    Shape reduced = shape;
    for (int d = runs[r].first; d <= runs[r].second; ++d) reduced[d] = 1;
    Tensor dst = r == 0 ? out.reshape(reduced) : Tensor(reduced, float32);
    reduce_run(max, current.data<float>(), shape, runs[r].first, runs[r].second, dst.data<float>());
    current = dst;
    shape = reduced;
  }
}

double CpuBackend::sum_squares(const Tensor& x) {
  const float* p = x.data<float>();
  std::int64_t n = x.size();
  double total = 0.0;
  for (std::int64_t i = 0; i < n; ++i) total += static_cast<double>(p[i]) * p[i];
  return total;
}

void CpuBackend::argmax(const Tensor& x, int axis, Tensor& out) {
  AxisSplit s = split_at_axis(x.shape(), axis);
  const float* p = x.data<float>();
  std::int64_t* o = out.data<std::int64_t>();
  parallel_for(s.outer, std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, s.length * s.inner)),
               [&](std::int64_t b, std::int64_t e) {
                 for (std::int64_t i = b; i < e; ++i) {
                   for (std::int64_t j = 0; j < s.inner; ++j) {
                     const float* base = p + i * s.length * s.inner + j;
                     std::int64_t best = 0;
                     for (std::int64_t l = 1; l < s.length; ++l) {
                       if (base[l * s.inner] > base[best * s.inner]) best = l;
                     }
                     o[i * s.inner + j] = best;
                   }
                 }
               });
}

}  // namespace keras::cpu
