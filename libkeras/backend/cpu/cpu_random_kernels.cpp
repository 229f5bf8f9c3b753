#include "libkeras/backend/cpu/cpu_random_kernels.h"

#include <cmath>
#include <numbers>

#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

// SplitMix64 finaliser applied to seed + i * golden ratio: the bits of element i depend only on
// (seed, i), never on which thread computed it.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline std::uint64_t bits_at(std::uint64_t stream, std::int64_t i) {
  return mix64(stream + static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL);
}

KERAS_DISPATCH void normal_kernel(float* __restrict out, std::int64_t begin, std::int64_t end, std::uint64_t stream,
                                  float mean, float stddev) {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  for (std::int64_t i = begin; i < end; ++i) {
    std::uint64_t r = bits_at(stream, i);
    // u1 in (0, 1] keeps log(u1) finite; the 32-bit grid bounds |z| by sqrt(2 ln 2^32) = 6.66.
    double u1 = (static_cast<double>(r >> 32) + 1.0) * 0x1.0p-32;
    double u2 = static_cast<double>(r & 0xFFFFFFFFULL) * 0x1.0p-32;
    double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
    out[i] = mean + stddev * static_cast<float>(z);
  }
}

KERAS_DISPATCH void uniform_kernel(float* __restrict out, std::int64_t begin, std::int64_t end, std::uint64_t stream,
                                   float minval, float range) {
  for (std::int64_t i = begin; i < end; ++i) {
    // 24 bits: every value of the grid is exact in float32, so u < 1 holds after conversion.
    float u = static_cast<float>(bits_at(stream, i) >> 40) * 0x1.0p-24f;
    out[i] = minval + range * u;
  }
}

}  // namespace

void CpuRandomKernels::normal(Tensor& out, float mean, float stddev, std::uint64_t seed) {
  float* p = out.data<float>();
  std::uint64_t stream = mix64(seed);
  parallel_for(out.size(), kElementwiseGrain,
               [&](std::int64_t b, std::int64_t e) { normal_kernel(p, b, e, stream, mean, stddev); });
}

void CpuRandomKernels::uniform(Tensor& out, float minval, float maxval, std::uint64_t seed) {
  float* p = out.data<float>();
  std::uint64_t stream = mix64(seed);
  parallel_for(out.size(), kElementwiseGrain,
               [&](std::int64_t b, std::int64_t e) { uniform_kernel(p, b, e, stream, minval, maxval - minval); });
}

}  // namespace keras::cpu
