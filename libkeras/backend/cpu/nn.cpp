// Softmax, one-hot encoding and dropout masks.

#include <cmath>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"
#include "libkeras/utils/error.h"

namespace keras::cpu {

void CpuBackend::softmax(const Tensor& x, Tensor& y, int axis, bool log) {
  AxisSplit s = split_at_axis(x.shape(), axis);
  const float* px = x.data<float>();
  float* py = y.data<float>();
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, s.length * s.inner));
  parallel_for(s.outer, grain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t o = b; o < e; ++o) {
      for (std::int64_t j = 0; j < s.inner; ++j) {
        const float* in = px + o * s.length * s.inner + j;
        float* out = py + o * s.length * s.inner + j;
        float m = in[0];
        for (std::int64_t l = 1; l < s.length; ++l) m = std::max(m, in[l * s.inner]);
        double sum = 0.0;
        for (std::int64_t l = 0; l < s.length; ++l) sum += std::exp(in[l * s.inner] - m);
        if (log) {
          float lse = m + static_cast<float>(std::log(sum));
          for (std::int64_t l = 0; l < s.length; ++l) out[l * s.inner] = in[l * s.inner] - lse;
        } else {
          float inv = static_cast<float>(1.0 / sum);
          for (std::int64_t l = 0; l < s.length; ++l) out[l * s.inner] = std::exp(in[l * s.inner] - m) * inv;
        }
      }
    }
  });
}

void CpuBackend::softmax_backward(const Tensor& y, const Tensor& dy, Tensor& dx, int axis, bool log) {
  AxisSplit s = split_at_axis(y.shape(), axis);
  const float *py = y.data<float>(), *pdy = dy.data<float>();
  float* pdx = dx.data<float>();
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, s.length * s.inner));
  parallel_for(s.outer, grain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t o = b; o < e; ++o) {
      for (std::int64_t j = 0; j < s.inner; ++j) {
        std::int64_t base = o * s.length * s.inner + j;
        double dot = 0.0;
        for (std::int64_t l = 0; l < s.length; ++l) {
          std::int64_t k = base + l * s.inner;
          dot += log ? pdy[k] : static_cast<double>(pdy[k]) * py[k];
        }
        for (std::int64_t l = 0; l < s.length; ++l) {
          std::int64_t k = base + l * s.inner;
          // softmax: y * (dy - <dy, y>); log_softmax: dy - softmax * sum(dy)
          pdx[k] = log ? pdy[k] - std::exp(py[k]) * static_cast<float>(dot)
                       : py[k] * (pdy[k] - static_cast<float>(dot));
        }
      }
    }
  });
}

void CpuBackend::one_hot(const Tensor& labels, Tensor& out) {
  std::int64_t n = labels.size();
  std::int64_t depth = out.dim(-1);
  Tensor idx = labels.dtype() == int64 ? labels : labels.astype(int64);
  const std::int64_t* pi = idx.data<std::int64_t>();
  if (labels.dtype() == float32 || labels.dtype() == float64) {
    std::vector<double> raw = labels.to_vector<double>();
    for (std::int64_t i = 0; i < n; ++i) {
      if (raw[static_cast<std::size_t>(i)] != std::floor(raw[static_cast<std::size_t>(i)])) {
        throw ValueError("Class labels must be integers; got " + std::to_string(raw[static_cast<std::size_t>(i)]));
      }
    }
  }
  float* po = out.data<float>();
  std::fill(po, po + out.size(), 0.0f);
  for (std::int64_t i = 0; i < n; ++i) {
    if (pi[i] < 0 || pi[i] >= depth) {
      throw ValueError("Label " + std::to_string(pi[i]) + " is out of range for " + std::to_string(depth) +
                       " classes (valid labels are 0.." + std::to_string(depth - 1) + ")");
    }
    po[i * depth + pi[i]] = 1.0f;
  }
}

namespace {

// SplitMix64 finaliser: a counter-based generator, so mask element i depends only on
// (seed, i) and the result is the same for any thread count.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

KERAS_DISPATCH void dropout_kernel(float* __restrict mask, std::int64_t begin, std::int64_t end, std::uint64_t seed,
                                   std::uint32_t threshold, float scale) {
  for (std::int64_t i = begin; i < end; ++i) {
    std::uint64_t r = mix64(seed + static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL);
    mask[i] = static_cast<std::uint32_t>(r >> 40) >= threshold ? scale : 0.0f;
  }
}

}  // namespace

void CpuBackend::dropout_mask(Tensor& mask, float rate, std::uint64_t seed) {
  float* p = mask.data<float>();
  // Keep an element when a 24-bit uniform draw is >= rate * 2^24.
  auto threshold = static_cast<std::uint32_t>(static_cast<double>(rate) * (1u << 24));
  float scale = 1.0f / (1.0f - rate);
  std::uint64_t s = mix64(seed);
  parallel_for(mask.size(), kElementwiseGrain,
               [&](std::int64_t b, std::int64_t e) { dropout_kernel(p, b, e, s, threshold, scale); });
}

}  // namespace keras::cpu
