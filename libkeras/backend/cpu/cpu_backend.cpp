#include "libkeras/backend/cpu/cpu_backend.h"

#include <cblas.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

// Training allocates the same buffer sizes every step. Freed blocks are kept in exact-size
// free lists, so a step reuses pages instead of paying mmap/munmap and page-zeroing again.
class CachingAllocator {
 public:
  void* allocate(std::size_t bytes) {
    std::size_t size = round_up(bytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        cached_ -= size;
        return p;
      }
    }
    void* p = std::aligned_alloc(64, size);
    if (!p) {
      release_cache();
      p = std::aligned_alloc(64, size);
      if (!p) throw std::bad_alloc();
    }
    return p;
  }

  void deallocate(void* p, std::size_t bytes) noexcept {
    std::size_t size = round_up(bytes);
    // Huge blocks are datasets and one-off temporaries, not per-step buffers: give them back.
    if (size > kLargestCachedBlock) {
      std::free(p);
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (cached_ + size > kCacheLimit) {
      std::free(p);
      return;
    }
    try {
      free_[size].push_back(p);
      cached_ += size;
    } catch (...) {
      std::free(p);
    }
  }

  void release_cache() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, blocks] : free_) {
      for (void* p : blocks) std::free(p);
    }
    free_.clear();
    cached_ = 0;
  }

  ~CachingAllocator() { release_cache(); }

 private:
  static constexpr std::size_t kCacheLimit = std::size_t{512} << 20;
  static constexpr std::size_t kLargestCachedBlock = std::size_t{64} << 20;
  static std::size_t round_up(std::size_t bytes) {
    std::size_t align = bytes >= (std::size_t{1} << 16) ? 4096 : 64;
    return (bytes + align - 1) / align * align;
  }
  std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<void*>> free_;
  std::size_t cached_ = 0;
};

CachingAllocator& allocator() {
  static CachingAllocator instance;
  return instance;
}

}  // namespace

CpuBackend::CpuBackend() {
  // Our OpenMP threads partition every GEMM; OpenBLAS must not start its own pool on top.
  openblas_set_num_threads(1);
}

void* CpuBackend::allocate(std::size_t bytes) { return allocator().allocate(bytes); }

void CpuBackend::deallocate(void* ptr, std::size_t bytes) noexcept { allocator().deallocate(ptr, bytes); }

void CpuBackend::copy_host(void* device_ptr, void* host_ptr, std::size_t bytes, bool to_device) {
  if (to_device) {
    std::memcpy(device_ptr, host_ptr, bytes);
  } else {
    std::memcpy(host_ptr, device_ptr, bytes);
  }
}

void sgemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a, int lda,
           const float* b, int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  cblas_sgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans, transpose_b ? CblasTrans : CblasNoTrans, m, n,
              k, alpha, a, lda, b, ldb, beta, c, ldc);
}

AxisSplit split_at_axis(const Shape& shape, int axis) {
  AxisSplit s;
  for (int i = 0; i < shape.rank(); ++i) {
    if (i < axis) {
      s.outer *= shape[i];
    } else if (i == axis) {
      s.length = shape[i];
    } else {
      s.inner *= shape[i];
    }
  }
  return s;
}

}  // namespace keras::cpu
