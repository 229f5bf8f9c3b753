// Matrix products: one OpenBLAS sgemm per thread on a row or column block of C.

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

void CpuBackend::matmul(const Tensor& a, bool ta, const Tensor& b, bool tb, Tensor& c, float alpha, float beta) {
  const int m = static_cast<int>(c.dim(0)), n = static_cast<int>(c.dim(1));
  const int k = static_cast<int>(ta ? a.dim(0) : a.dim(1));
  const int lda = static_cast<int>(a.dim(1)), ldb = static_cast<int>(b.dim(1));
  const float *pa = a.data<float>(), *pb = b.data<float>();
  float* pc = c.data<float>();
  if (k == 0) {
    // sgemm with k == 0 leaves C scaled by beta; do that explicitly for clarity.
    for (std::int64_t i = 0; i < c.size(); ++i) pc[i] = beta == 0.0f ? 0.0f : pc[i] * beta;
    return;
  }
  const double flops = 2.0 * m * n * k;
  const int threads = num_threads();
  if (threads <= 1 || flops < 4.0e6) {
    sgemm(ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n);
    return;
  }
  if (m >= n) {
    // Row blocks of C: rows of op(A).
    parallel_for(m, 16, [&](std::int64_t r0, std::int64_t r1) {
      const float* a_block = ta ? pa + r0 : pa + r0 * lda;
      sgemm(ta, tb, static_cast<int>(r1 - r0), n, k, alpha, a_block, lda, pb, ldb, beta, pc + r0 * n, n);
    });
  } else {
    // Column blocks of C: columns of op(B).
    parallel_for(n, 16, [&](std::int64_t c0, std::int64_t c1) {
      const float* b_block = tb ? pb + c0 * ldb : pb + c0;
      sgemm(ta, tb, m, static_cast<int>(c1 - c0), k, alpha, pa, lda, b_block, ldb, beta, pc + c0, n);
    });
  }
}

void CpuBackend::batch_matmul(const Tensor& a, bool ta, const Tensor& b, bool tb, Tensor& c) {
  const std::int64_t batch = c.dim(0);
  const int m = static_cast<int>(c.dim(1)), n = static_cast<int>(c.dim(2));
  const int k = static_cast<int>(ta ? a.dim(1) : a.dim(2));
  const int lda = static_cast<int>(a.dim(2)), ldb = static_cast<int>(b.dim(2));
  const std::int64_t sa = a.dim(1) * a.dim(2), sb = b.dim(1) * b.dim(2), sc = static_cast<std::int64_t>(m) * n;
  const float *pa = a.data<float>(), *pb = b.data<float>();
  float* pc = c.data<float>();
  // Many small products (attention heads, time steps): one sgemm per batch entry, batches split
  // across threads.
  std::int64_t grain = std::max<std::int64_t>(1, static_cast<std::int64_t>(2.0e6 / (2.0 * m * n * std::max(k, 1) + 1)));
  parallel_for(batch, grain, [&](std::int64_t s, std::int64_t e) {
    for (std::int64_t i = s; i < e; ++i) {
      if (k == 0) {
        std::fill(pc + i * sc, pc + (i + 1) * sc, 0.0f);
        continue;
      }
      sgemm(ta, tb, m, n, k, 1.0f, pa + i * sa, lda, pb + i * sb, ldb, 0.0f, pc + i * sc, n);
    }
  });
}

}  // namespace keras::cpu
