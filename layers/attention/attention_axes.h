#pragma once
// MultiHeadAttention over any attention_axes, as Keras' _build_attention_equation computes it,
// with transposes and batched matmuls instead of einsum. A projected input (B, d..., N, H) has
// index axes d; those attended over flatten into one sequence axis, the others join the batch:
// (B * prod(other d), N, prod(attended d), H). Keras' default (every index axis attended) is
// the special case with no other axes.

#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::layers::attention {

struct AxesLayout {
  std::vector<int> attended;    ///< index axes attended over (of the input, 1..rank-2), ascending
  std::vector<int> batch_like;  ///< the other index axes, ascending

  /// Keras' attention_axes (the input's axes, negatives counted from its end; empty = every
  /// index axis) against an input of `input_rank`. Throws ValueError naming `who` for an axis
  /// that is not an index axis or appears twice.
  static AxesLayout resolve(const std::vector<int>& attention_axes, int input_rank, const std::string& who);
  bool is_default() const { return batch_like.empty(); }
};

/// (B, d..., N, H) -> (B * prod(batch-like d), N, prod(attended d), H).
Tensor arrange_heads(const Tensor& projected, const AxesLayout& layout);

/// The inverse of arrange_heads for a tensor (B', N, T, H) whose attended axes have the sizes
/// of `like`'s (a projected tensor (B, d..., N, *)): -> (B, d..., N, H).
Tensor restore_heads(const Tensor& arranged, const AxesLayout& layout, const Shape& like);

/// Sizes of `shape`'s axes listed in `axes`.
std::vector<std::int64_t> dims_at(const Shape& shape, const std::vector<int>& axes);

}  // namespace keras::layers::attention
