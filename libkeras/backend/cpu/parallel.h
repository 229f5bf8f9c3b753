#pragma once
// Threading and instruction-set dispatch for CPU kernels.
//
// libkeras owns all CPU threads: OpenMP runs our loops, and OpenBLAS is pinned to one thread
// (cpu_backend.cpp) so its pool never competes with ours (BUILD-NOTES §7: two spinning pools
// on two cores run 2.5-3x slower). Large GEMMs are split across our threads instead.

#include <omp.h>

#include <algorithm>
#include <cstdint>

// Hot loops are compiled for AVX-512, AVX2+FMA and baseline x86-64 and picked at run time,
// so one binary is fast on every machine and never needs -march=native.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KERAS_DISPATCH __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KERAS_DISPATCH
#endif

namespace keras::cpu {

inline int num_threads() { return omp_in_parallel() ? 1 : omp_get_max_threads(); }

/// Calls body(begin, end) on contiguous chunks of [0, n), in parallel when n >= 2 * grain.
template <class F>
void parallel_for(std::int64_t n, std::int64_t grain, F&& body) {
  if (n <= 0) return;
  int threads = num_threads();
  if (threads <= 1 || n < 2 * grain) {
    body(std::int64_t{0}, n);
    return;
  }
  std::int64_t wanted = std::min<std::int64_t>(threads, n / grain);
#pragma omp parallel num_threads(static_cast<int>(wanted))
  {
    // The runtime may grant fewer threads than asked: split by the team actually running.
    std::int64_t chunks = omp_get_num_threads(), t = omp_get_thread_num();
    std::int64_t begin = n * t / chunks, end = n * (t + 1) / chunks;
    if (end > begin) body(begin, end);
  }
}

/// Elements per thread below which elementwise loops stay serial (a parallel region costs a few µs).
inline constexpr std::int64_t kElementwiseGrain = 1 << 15;

}  // namespace keras::cpu
