#pragma once
// Iteration plan for numpy broadcasting over contiguous tensors: dimensions are coalesced, then
// the innermost run is handed to a kernel with per-operand strides of 0 (broadcast) or 1.

#include <cstdint>
#include <vector>

#include "libkeras/tensor/shape.h"

namespace keras::cpu {

class BroadcastPlan {
 public:
  /// `inputs` are broadcast against `out` (each input's rank <= out's rank).
  BroadcastPlan(const Shape& out, const std::vector<Shape>& inputs);

  std::int64_t inner() const { return inner_; }
  std::int64_t outer() const { return outer_; }
  /// Stride (0 or 1) of input i along the inner run.
  std::int64_t inner_stride(std::size_t i) const { return inner_strides_[i]; }
  /// Element offsets of each input at the start of outer row `row`.
  void offsets(std::int64_t row, std::vector<std::int64_t>& out) const;

 private:
  std::vector<std::int64_t> dims_;                  // coalesced outer dims (without the inner one)
  std::vector<std::vector<std::int64_t>> strides_;  // per input, per outer dim
  std::vector<std::int64_t> inner_strides_;
  std::int64_t inner_ = 1, outer_ = 1;
};

}  // namespace keras::cpu
