#pragma once
// Tensor shapes. A dimension of -1 in a *symbolic* shape means "unknown" (Keras' None).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace keras {

class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims) : dims_(dims) {}
  explicit Shape(std::vector<std::int64_t> dims) : dims_(std::move(dims)) {}

  int rank() const { return static_cast<int>(dims_.size()); }
  std::int64_t operator[](int axis) const { return dims_[static_cast<std::size_t>(axis)]; }
  std::int64_t& operator[](int axis) { return dims_[static_cast<std::size_t>(axis)]; }
  /// Dimension with Python-style negative indexing; throws on out-of-range.
  std::int64_t dim(int axis) const;
  /// Product of the dimensions (1 for a scalar). Unknown dimensions make it -1.
  std::int64_t size() const;
  bool fully_defined() const;

  const std::vector<std::int64_t>& dims() const { return dims_; }
  auto begin() const { return dims_.begin(); }
  auto end() const { return dims_.end(); }
  void push_back(std::int64_t d) { dims_.push_back(d); }
  /// The shape without its first dimension (the batch axis).
  Shape without_batch() const;
  /// (batch, *this)
  Shape with_batch(std::int64_t batch) const;

  /// Python tuple spelling as Keras prints it: "(None, 26, 26, 32)", "(10,)", "()".
  std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b) { return a.dims_ == b.dims_; }
  friend bool operator!=(const Shape& a, const Shape& b) { return !(a == b); }

 private:
  std::vector<std::int64_t> dims_;
};

/// Normalises a possibly negative axis against `rank`; throws ValueError naming `what`.
int normalize_axis(int axis, int rank, const char* what = "axis");

/// Numpy broadcasting of two shapes; throws ShapeError when incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b);

}  // namespace keras
