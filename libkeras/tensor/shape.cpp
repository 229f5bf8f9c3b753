#include "libkeras/tensor/shape.h"

#include <algorithm>

#include "libkeras/utils/error.h"

namespace keras {

std::int64_t Shape::dim(int axis) const {
  return dims_[static_cast<std::size_t>(normalize_axis(axis, rank()))];
}

std::int64_t Shape::size() const {
  if (!fully_defined()) return -1;
  std::int64_t n = 1;
  for (auto d : dims_) {
    // Shapes can come from files and configs: an overflowing product must not wrap into a
    // small allocation.
    if (__builtin_mul_overflow(n, d, &n)) throw ShapeError("Shape " + to_string() + " has too many elements");
  }
  return n;
}

bool Shape::fully_defined() const {
  return std::all_of(dims_.begin(), dims_.end(), [](auto d) { return d >= 0; });
}

Shape Shape::without_batch() const {
  if (dims_.empty()) throw ShapeError("Cannot drop the batch axis of a scalar shape");
  return Shape(std::vector<std::int64_t>(dims_.begin() + 1, dims_.end()));
}

Shape Shape::with_batch(std::int64_t batch) const {
  std::vector<std::int64_t> d{batch};
  d.insert(d.end(), dims_.begin(), dims_.end());
  return Shape(std::move(d));
}

std::string Shape::to_string() const {
  std::string s = "(";
  for (std::size_t i = 0; i < dims_.size(); ++i) {
    if (i) s += ", ";
    s += dims_[i] < 0 ? std::string("None") : std::to_string(dims_[i]);
  }
  if (dims_.size() == 1) s += ",";
  return s + ")";
}

int normalize_axis(int axis, int rank, const char* what) {
  int a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw ValueError(std::string("Invalid ") + what + " " + std::to_string(axis) + " for a tensor of rank " +
                     std::to_string(rank));
  }
  return a;
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  int r = std::max(a.rank(), b.rank());
  std::vector<std::int64_t> out(static_cast<std::size_t>(r));
  for (int i = 0; i < r; ++i) {
    int ia = a.rank() - r + i, ib = b.rank() - r + i;
    std::int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      throw ShapeError("Cannot broadcast shapes " + a.to_string() + " and " + b.to_string());
    }
    out[static_cast<std::size_t>(i)] = da == 1 ? db : da;
  }
  return Shape(std::move(out));
}

}  // namespace keras
