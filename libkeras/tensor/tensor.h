#pragma once
// keras::Tensor: an n-dimensional, row-major (C order), contiguous array on a device.
// Copies of a Tensor share memory (like numpy views); clone() makes a deep copy.
// Images are channels_last (NHWC), as Keras' default.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/tensor/device.h"
#include "libkeras/tensor/dtype.h"
#include "libkeras/tensor/shape.h"
#include "libkeras/tensor/storage.h"

namespace keras {

class Tensor {
 public:
  /// An undefined tensor (defined() == false), e.g. an absent gradient.
  Tensor() = default;
  /// Uninitialised memory of the given shape.
  explicit Tensor(const Shape& shape, DType dtype = float32, Device device = kCpu);

  static Tensor zeros(const Shape& shape, DType dtype = float32, Device device = kCpu);
  static Tensor ones(const Shape& shape, DType dtype = float32, Device device = kCpu);
  static Tensor full(const Shape& shape, double value, DType dtype = float32, Device device = kCpu);
  /// A rank-0 float32 tensor.
  static Tensor scalar(float value, Device device = kCpu);
  /// Copies host values into a new tensor; `values.size()` must equal `shape.size()`.
  template <class T>
  static Tensor from_vector(const std::vector<T>& values, const Shape& shape, Device device = kCpu);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  int rank() const { return shape().rank(); }
  std::int64_t dim(int axis) const { return shape().dim(axis); }
  std::int64_t size() const { return shape().size(); }
  std::size_t nbytes() const { return static_cast<std::size_t>(size()) * dtype_size(dtype()); }
  DType dtype() const;
  Device device() const;

  /// Typed element pointer (host memory only); throws if T does not match dtype().
  template <class T>
  T* data();
  template <class T>
  const T* data() const;
  void* raw_data() const;

  /// A view with a new shape of the same size; one dimension may be -1 (inferred).
  Tensor reshape(const Shape& shape) const;
  /// A view of rows [begin, end) along the first axis.
  Tensor slice(std::int64_t begin, std::int64_t end) const;
  /// A converted copy (numpy astype).
  Tensor astype(DType dtype) const;
  Tensor clone() const;
  Tensor to(Device device) const;

  /// Overwrites this tensor's elements with `src`'s (same shape; dtype converted).
  void assign(const Tensor& src);
  void fill(double value);

  /// The value of a one-element tensor.
  double item() const;
  /// Host copy of the elements, converted to T.
  template <class T>
  std::vector<T> to_vector() const;
  /// numpy-like text, e.g. "[[1, 2], [3, 4]]" (for messages and tests; small tensors).
  std::string to_string() const;

  /// The Keras mask riding on this tensor (e.g. from Embedding(mask_zero=True) or Masking):
  /// undefined when there is none. Masks pass through layers that support masking.
  Tensor mask() const;
  void set_mask(const Tensor& mask);

  /// Identity of the underlying tensor object (views and copies of the handle compare equal
  /// only when they are the same handle lineage; used by the autograd tape).
  const void* id() const { return impl_.get(); }
  bool shares_memory_with(const Tensor& other) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  void check_host(const char* what) const;
  void check_dtype(DType expected) const;
};

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, float b);
Tensor operator-(const Tensor& a, float b);
Tensor operator*(const Tensor& a, float b);
Tensor operator/(const Tensor& a, float b);
Tensor operator+(float a, const Tensor& b);
Tensor operator-(float a, const Tensor& b);
Tensor operator*(float a, const Tensor& b);
Tensor operator/(float a, const Tensor& b);
Tensor operator-(const Tensor& a);

/// The tensors' elements in one line, for test failure messages.
std::ostream& operator<<(std::ostream& os, const Tensor& t);

template <class T>
T* Tensor::data() {
  check_host("data()");
  check_dtype(dtype_of<T>());
  return static_cast<T*>(raw_data());
}

template <class T>
const T* Tensor::data() const {
  check_host("data()");
  check_dtype(dtype_of<T>());
  return static_cast<const T*>(raw_data());
}

}  // namespace keras
