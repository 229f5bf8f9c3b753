#pragma once
// Helpers shared by the ops:: implementation files (not installed).

#include <string>
#include <vector>

#include "libkeras/autograd/tape.h"
#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"

namespace keras::ops::detail {

inline Backend& backend_of(const Tensor& t) { return backend_for(t.device()); }

/// Arithmetic runs in float32; other dtypes are converted (a copy) first.
inline Tensor as_float(const Tensor& t) { return t.dtype() == float32 ? t : t.astype(float32); }

inline Tensor empty_like(const Tensor& t) { return Tensor(t.shape(), float32, t.device()); }

inline void check_same_device(const Tensor& a, const Tensor& b, const char* op) {
  if (a.device() != b.device()) {
    throw BackendError(std::string(op) + ": operands are on different devices (" + a.device().to_string() + " and " +
                       b.device().to_string() + ")");
  }
}

/// Sorted, unique, non-negative axes; empty means all axes.
std::vector<int> normalize_axes(const std::vector<int>& axes, int rank);

}  // namespace keras::ops::detail
