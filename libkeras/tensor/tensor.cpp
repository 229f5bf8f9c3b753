#include "libkeras/tensor/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <sstream>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"

namespace keras {

struct Tensor::Impl {
  std::shared_ptr<Storage> storage;
  std::size_t offset = 0;  // bytes into storage
  Shape shape;
  DType dtype = float32;
  std::shared_ptr<Impl> mask;
};

Tensor::Tensor(const Shape& shape, DType dtype, Device device) {
  if (!shape.fully_defined()) throw ShapeError("Cannot allocate a tensor of unknown shape " + shape.to_string());
  impl_ = std::make_shared<Impl>();
  impl_->shape = shape;
  impl_->dtype = dtype;
  // One element minimum keeps every data pointer valid, even for empty tensors.
  const auto elements = std::max<std::size_t>(1, static_cast<std::size_t>(shape.size()));
  if (elements > std::numeric_limits<std::size_t>::max() / dtype_size(dtype)) {
    throw ShapeError("Cannot allocate a tensor of shape " + shape.to_string() + ": too many bytes");
  }
  std::size_t bytes = elements * dtype_size(dtype);
  impl_->storage = std::make_shared<Storage>(bytes, device);
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device) { return full(shape, 0.0, dtype, device); }
Tensor Tensor::ones(const Shape& shape, DType dtype, Device device) { return full(shape, 1.0, dtype, device); }

Tensor Tensor::full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor t(shape, dtype, device);
  t.fill(value);
  return t;
}

Tensor Tensor::scalar(float value, Device device) { return full(Shape{}, value, float32, device); }

template <class T>
Tensor Tensor::from_vector(const std::vector<T>& values, const Shape& shape, Device device) {
  if (static_cast<std::int64_t>(values.size()) != shape.size()) {
    throw ShapeError("Tensor::from_vector: " + std::to_string(values.size()) + " values do not fill shape " +
                     shape.to_string());
  }
  Tensor host(shape, dtype_of<T>(), kCpu);
  if (!values.empty()) std::memcpy(host.raw_data(), values.data(), values.size() * sizeof(T));
  return host.to(device);
}

template Tensor Tensor::from_vector(const std::vector<float>&, const Shape&, Device);
template Tensor Tensor::from_vector(const std::vector<double>&, const Shape&, Device);
template Tensor Tensor::from_vector(const std::vector<std::int32_t>&, const Shape&, Device);
template Tensor Tensor::from_vector(const std::vector<std::int64_t>&, const Shape&, Device);
template Tensor Tensor::from_vector(const std::vector<std::uint8_t>&, const Shape&, Device);

const Shape& Tensor::shape() const {
  if (!impl_) throw ValueError("Use of an undefined tensor");
  return impl_->shape;
}

DType Tensor::dtype() const {
  if (!impl_) throw ValueError("Use of an undefined tensor");
  return impl_->dtype;
}

Device Tensor::device() const {
  if (!impl_) throw ValueError("Use of an undefined tensor");
  return impl_->storage->device();
}

void* Tensor::raw_data() const {
  if (!impl_) throw ValueError("Use of an undefined tensor");
  return static_cast<char*>(impl_->storage->data()) + impl_->offset;
}

void Tensor::check_host(const char* what) const {
  if (device().type != DeviceType::cpu) {
    throw BackendError(std::string("Tensor::") + what + " needs host memory; the tensor is on " +
                       device().to_string() + " (use .to(keras::kCpu))");
  }
}

void Tensor::check_dtype(DType expected) const {
  if (dtype() != expected) {
    throw ValueError("Tensor element type is " + dtype_name(dtype()) + ", accessed as " + dtype_name(expected));
  }
}

Tensor Tensor::reshape(const Shape& new_shape) const {
  std::vector<std::int64_t> dims = new_shape.dims();
  int unknown = -1;
  std::int64_t known = 1;
  for (int i = 0; i < new_shape.rank(); ++i) {
    if (dims[static_cast<std::size_t>(i)] == -1) {
      if (unknown >= 0) throw ShapeError("reshape: only one dimension may be -1, got " + new_shape.to_string());
      unknown = i;
    } else if (dims[static_cast<std::size_t>(i)] < 0) {
      throw ShapeError("reshape: invalid target shape " + new_shape.to_string());
    } else {
      known *= dims[static_cast<std::size_t>(i)];
    }
  }
  if (unknown >= 0) {
    if (known == 0 || size() % known != 0) {
      throw ShapeError("Cannot reshape a tensor of shape " + shape().to_string() + " into " + new_shape.to_string());
    }
    dims[static_cast<std::size_t>(unknown)] = size() / known;
  }
  Shape target(dims);
  if (target.size() != size()) {
    throw ShapeError("Cannot reshape a tensor of shape " + shape().to_string() + " (" + std::to_string(size()) +
                     " elements) into " + target.to_string());
  }
  Tensor view;
  view.impl_ = std::make_shared<Impl>(*impl_);
  view.impl_->shape = target;
  view.impl_->mask.reset();  // a view is a new tensor: masks are attached per layer output
  return view;
}

Tensor Tensor::slice(std::int64_t begin, std::int64_t end) const {
  if (rank() == 0) throw ShapeError("Cannot slice a scalar tensor");
  std::int64_t n = shape()[0];
  if (begin < 0 || end < begin || end > n) {
    throw ShapeError("slice [" + std::to_string(begin) + ", " + std::to_string(end) + ") is out of range for axis 0 of " +
                     shape().to_string());
  }
  Tensor view;
  view.impl_ = std::make_shared<Impl>(*impl_);
  view.impl_->mask.reset();
  std::int64_t row = n ? size() / n : 0;
  view.impl_->offset += static_cast<std::size_t>(begin * row) * dtype_size(dtype());
  view.impl_->shape[0] = end - begin;
  return view;
}

Tensor Tensor::astype(DType target) const {
  Tensor out(shape(), target, device());
  backend_for(device()).cast(*this, out);
  return out;
}

Tensor Tensor::clone() const { return astype(dtype()); }

Tensor Tensor::to(Device target) const {
  if (target == device()) return *this;
  Tensor out(shape(), dtype(), target);
  transfer(*this, out);
  return out;
}

void Tensor::assign(const Tensor& src) {
  if (src.shape() != shape()) {
    throw ShapeError("assign: source shape " + src.shape().to_string() + " does not match " + shape().to_string());
  }
  Tensor s = src.device() == device() ? src : src.to(device());
  backend_for(device()).cast(s, *this);
}

void Tensor::fill(double value) { backend_for(device()).fill(*this, value); }

double Tensor::item() const {
  if (size() != 1) throw ShapeError("item() needs a one-element tensor, got shape " + shape().to_string());
  return to_vector<double>()[0];
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  Tensor host = to(kCpu);
  if (host.dtype() != dtype_of<T>()) host = host.astype(dtype_of<T>());
  const T* p = host.data<T>();
  return std::vector<T>(p, p + host.size());
}

template std::vector<float> Tensor::to_vector() const;
template std::vector<double> Tensor::to_vector() const;
template std::vector<std::int32_t> Tensor::to_vector() const;
template std::vector<std::int64_t> Tensor::to_vector() const;
template std::vector<std::uint8_t> Tensor::to_vector() const;

Tensor Tensor::mask() const {
  Tensor m;
  if (impl_) m.impl_ = impl_->mask;
  return m;
}

void Tensor::set_mask(const Tensor& mask) {
  if (!impl_) throw ValueError("Cannot attach a mask to an undefined tensor");
  impl_->mask = mask.impl_;
}

bool Tensor::shares_memory_with(const Tensor& other) const {
  return impl_ && other.impl_ && impl_->storage == other.impl_->storage;
}

namespace {

void format_elements(std::ostringstream& os, const std::vector<double>& v, const Shape& shape, int axis,
                     std::size_t& index, bool integral) {
  if (axis == shape.rank()) {
    double x = v[index++];
    if (integral) {
      os << static_cast<long long>(x);
    } else {
      os << x;
    }
    return;
  }
  os << "[";
  for (std::int64_t i = 0; i < shape[axis]; ++i) {
    if (i) os << ", ";
    format_elements(os, v, shape, axis + 1, index, integral);
  }
  os << "]";
}

}  // namespace

std::string Tensor::to_string() const {
  if (!defined()) return "<undefined tensor>";
  std::vector<double> v = to_vector<double>();
  std::ostringstream os;
  os.precision(7);
  std::size_t index = 0;
  bool integral = dtype() != float32 && dtype() != float64;
  format_elements(os, v, shape(), 0, index, integral);
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  if (t.defined()) os << "Tensor" << t.shape().to_string() << " " << dtype_name(t.dtype()) << " ";
  return os << t.to_string();
}

}  // namespace keras
