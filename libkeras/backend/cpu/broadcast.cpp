#include "libkeras/backend/cpu/broadcast.h"

namespace keras::cpu {

BroadcastPlan::BroadcastPlan(const Shape& out, const std::vector<Shape>& inputs) {
  const int r = out.rank();
  const std::size_t k = inputs.size();
  // Per-input element strides in out's index space (0 on broadcast dims).
  std::vector<std::vector<std::int64_t>> full(k, std::vector<std::int64_t>(static_cast<std::size_t>(r), 0));
  for (std::size_t i = 0; i < k; ++i) {
    std::int64_t stride = 1;
    for (int d = r - 1; d >= 0; --d) {
      int id = inputs[i].rank() - r + d;
      std::int64_t dim = id >= 0 ? inputs[i][id] : 1;
      full[i][static_cast<std::size_t>(d)] = dim == 1 ? 0 : stride;
      stride *= dim;
    }
  }
  // Coalesce from the innermost dimension outwards; drop size-1 dims.
  std::vector<std::int64_t> dims;
  std::vector<std::vector<std::int64_t>> strides(k);
  for (int d = r - 1; d >= 0; --d) {
    std::int64_t n = out[d];
    if (n == 1) continue;
    if (!dims.empty()) {
      bool mergeable = true;
      for (std::size_t i = 0; i < k; ++i) {
        if (full[i][static_cast<std::size_t>(d)] != strides[i].back() * dims.back()) mergeable = false;
      }
      if (mergeable) {
        dims.back() *= n;
        continue;
      }
    }
    dims.push_back(n);
    for (std::size_t i = 0; i < k; ++i) strides[i].push_back(full[i][static_cast<std::size_t>(d)]);
  }
  inner_strides_.assign(k, 0);
  if (!dims.empty()) {
    inner_ = dims.front();
    for (std::size_t i = 0; i < k; ++i) inner_strides_[i] = strides[i].front();
    dims_.assign(dims.begin() + 1, dims.end());
    strides_.resize(k);
    for (std::size_t i = 0; i < k; ++i) strides_[i].assign(strides[i].begin() + 1, strides[i].end());
  } else {
    strides_.resize(k);
  }
  for (auto d : dims_) outer_ *= d;
}

void BroadcastPlan::offsets(std::int64_t row, std::vector<std::int64_t>& out) const {
  out.assign(strides_.size(), 0);
  // dims_ is ordered innermost-first.
  for (std::size_t d = 0; d < dims_.size(); ++d) {
    std::int64_t idx = row % dims_[d];
    row /= dims_[d];
    for (std::size_t i = 0; i < strides_.size(); ++i) out[i] += idx * strides_[i][d];
  }
}

}  // namespace keras::cpu
