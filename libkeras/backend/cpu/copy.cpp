// Strided copies (transpose, slicing, concatenation, padding, reversal) and row scatter-add.

#include <cstring>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"
#include "libkeras/utils/error.h"

namespace keras::cpu {

namespace {

// Copies one innermost run of `n` elements of `size` bytes between strided positions.
void copy_run(char* dst, std::int64_t dst_stride, const char* src, std::int64_t src_stride, std::int64_t n,
              std::size_t size) {
  if (dst_stride == 1 && src_stride == 1) {
    std::memcpy(dst, src, static_cast<std::size_t>(n) * size);
    return;
  }
  if (size == 4) {
    auto* d = reinterpret_cast<std::uint32_t*>(dst);
    const auto* s = reinterpret_cast<const std::uint32_t*>(src);
    for (std::int64_t i = 0; i < n; ++i) d[i * dst_stride] = s[i * src_stride];
    return;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    std::memcpy(dst + i * dst_stride * static_cast<std::int64_t>(size), src + i * src_stride * static_cast<std::int64_t>(size),
                size);
  }
}

}  // namespace

void CpuBackend::copy_strided(const Tensor& src, std::int64_t src_offset, const std::vector<std::int64_t>& src_strides,
                              Tensor& dst, std::int64_t dst_offset, const std::vector<std::int64_t>& dst_strides,
                              const Shape& shape) {
  const int r = shape.rank();
  const std::size_t size = dtype_size(src.dtype());
  const char* s = static_cast<const char*>(src.raw_data());
  char* d = static_cast<char*>(dst.raw_data());
  if (shape.size() == 0) return;
  if (r == 0) {
    std::memcpy(d + dst_offset * static_cast<std::int64_t>(size), s + src_offset * static_cast<std::int64_t>(size), size);
    return;
  }
  const std::int64_t inner = shape[r - 1];
  const std::int64_t outer = shape.size() / inner;
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, inner));
  parallel_for(outer, grain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t row = b; row < e; ++row) {
      std::int64_t so = src_offset, dof = dst_offset, rem = row;
      for (int k = r - 2; k >= 0; --k) {
        std::int64_t idx = rem % shape[k];
        rem /= shape[k];
        so += idx * src_strides[static_cast<std::size_t>(k)];
        dof += idx * dst_strides[static_cast<std::size_t>(k)];
      }
      copy_run(d + dof * static_cast<std::int64_t>(size), dst_strides[static_cast<std::size_t>(r - 1)],
               s + so * static_cast<std::int64_t>(size), src_strides[static_cast<std::size_t>(r - 1)], inner, size);
    }
  });
}

void CpuBackend::scatter_add_rows(const Tensor& src, const Tensor& indices, Tensor& out) {
  const std::int64_t* idx = indices.data<std::int64_t>();
  const std::int64_t rows = indices.size(), n = out.dim(0);
  const std::int64_t width = n ? out.size() / n : 0;
  const float* ps = src.data<float>();
  float* po = out.data<float>();
  for (std::int64_t i = 0; i < rows; ++i) {
    if (idx[i] < 0 || idx[i] >= n) {
      throw ValueError("Index " + std::to_string(idx[i]) + " is out of range for axis 0 of size " + std::to_string(n));
    }
  }
  // Rows may repeat, so threads split the columns, not the rows.
  parallel_for(width, std::max<std::int64_t>(64, kElementwiseGrain / std::max<std::int64_t>(1, rows)),
               [&](std::int64_t b, std::int64_t e) {
                 for (std::int64_t i = 0; i < rows; ++i) {
                   float* dst = po + idx[i] * width;
                   const float* row = ps + i * width;
                   for (std::int64_t c = b; c < e; ++c) dst[c] += row[c];
                 }
               });
}

}  // namespace keras::cpu
