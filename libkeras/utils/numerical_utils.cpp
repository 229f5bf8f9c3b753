#include "libkeras/utils/numerical_utils.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "libkeras/utils/error.h"

namespace keras::utils {
namespace {

// Keras' backend.epsilon() default, the floor ops.normalize puts under the norm.
constexpr double kEpsilon = 1e-7;

// numpy's message for max() over nothing, which Keras lets through for empty inputs.
constexpr const char* kEmptyMax =
    "zero-size array to reduction operation maximum which has no identity";

// numpy's unsafe cast: integer targets go through int64 so out-of-range values wrap
// instead of being undefined behaviour.
template <class T>
T cast_value(double v) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else {
    return static_cast<T>(static_cast<std::int64_t>(v));
  }
}

// The body of pad_sequences for one element type; labels are copied without a detour through
// double, so int64 ids above 2^53 survive.
template <class T>
void fill_rows(Tensor& out, const std::vector<std::vector<std::int64_t>>& sequences,
               const std::string& padding, const std::string& truncating, double value) {
  const std::int64_t width = out.dim(1);
  T* data = out.data<T>();
  std::fill(data, data + out.size(), cast_value<T>(value));
  for (std::size_t r = 0; r < sequences.size(); ++r) {
    const auto& s = sequences[r];
    // Keras skips empty sequences before looking at padding/truncating, so its checks only
    // fire once a non-empty sequence is reached; the order (truncating first) is kept too.
    if (s.empty()) continue;
    if (truncating != "pre" && truncating != "post") {
      throw ValueError("Truncating type \"" + truncating + "\" not understood");
    }
    if (padding != "pre" && padding != "post") {
      throw ValueError("Padding type \"" + padding + "\" not understood");
    }
    const std::int64_t size = static_cast<std::int64_t>(s.size());
    const std::int64_t len = std::min(size, width);
    // "pre" truncation keeps the last `len` items, "post" the first.
    const std::int64_t src = truncating == "pre" ? size - len : 0;
    // "pre" padding right-aligns the kept items, "post" left-aligns them.
    const std::int64_t dst = padding == "pre" ? width - len : 0;
    T* row = data + static_cast<std::int64_t>(r) * width + dst;
    for (std::int64_t k = 0; k < len; ++k) row[k] = static_cast<T>(s[static_cast<std::size_t>(src + k)]);
  }
}

template <class T>
void write_values(Tensor& out, const std::vector<double>& values) {
  T* data = out.data<T>();
  for (std::size_t i = 0; i < values.size(); ++i) data[i] = static_cast<T>(values[i]);
}

}  // namespace

Tensor to_categorical(const Tensor& y, std::optional<std::int64_t> num_classes) {
  // Keras converts to int64 first, so float labels truncate rather than fail.
  const std::vector<std::int64_t> labels = y.to_vector<std::int64_t>();
  std::vector<std::int64_t> dims = y.shape().dims();
  // Keras squeezes a trailing axis of 1 so that (n, 1) column labels give (n, classes).
  if (dims.size() > 1 && dims.back() == 1) dims.pop_back();

  std::int64_t classes = num_classes.value_or(0);
  if (classes == 0) {  // Keras tests `not num_classes`: 0 also means "infer"
    if (labels.empty()) throw ValueError(kEmptyMax);
    classes = *std::max_element(labels.begin(), labels.end()) + 1;
  }
  if (classes < 0) {
    throw ValueError("Argument `num_classes` must be a positive integer. Received: num_classes=" +
                     std::to_string(classes));
  }

  dims.push_back(classes);
  Tensor out = Tensor::zeros(Shape(dims), float32);
  float* data = out.data<float>();
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::int64_t label = labels[i];
    // numpy would wrap negative labels silently; a wrong class is worse than an error.
    if (label < 0 || label >= classes) {
      throw ValueError("Invalid class label " + std::to_string(label) + " at index " +
                       std::to_string(i) + ": labels must be in [0, num_classes) with " +
                       "num_classes=" + std::to_string(classes));
    }
    data[static_cast<std::int64_t>(i) * classes + label] = 1.0f;
  }
  return out;
}

Tensor normalize(const Tensor& x, int axis, int order) {
  if (order < 1) {
    throw ValueError("Argument `order` must be an int >= 1. Received: order=" +
                     std::to_string(order));
  }
  // ops.normalize expands a scalar to shape (1,) before reducing.
  const Shape shape = x.rank() == 0 ? Shape{1} : x.shape();
  const int rank = shape.rank();
  if (axis < -rank || axis >= rank) {
    throw ValueError("Argument `axis` is out of bounds for an input of rank " +
                     std::to_string(rank) + ". Received: axis=" + std::to_string(axis));
  }
  if (axis < 0) axis += rank;

  // The reduced axis sits between `outer` leading and `inner` trailing elements (row-major).
  std::int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= shape[i];
  for (int i = axis + 1; i < rank; ++i) inner *= shape[i];
  const std::int64_t n = shape[axis];

  std::vector<double> values = x.to_vector<double>();
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t in = 0; in < inner; ++in) {
      const std::int64_t base = o * n * inner + in;
      double acc = 0.0;
      for (std::int64_t k = 0; k < n; ++k) {
        const double v = std::abs(values[static_cast<std::size_t>(base + k * inner)]);
        acc += order == 1 ? v : std::pow(v, order);
      }
      // L2 multiplies by a clipped rsqrt (Keras' special case); other orders divide by a
      // floored norm. Both keep an all-zero slice at zero instead of producing NaN.
      const double scale = order == 2 ? std::min(1.0 / std::sqrt(acc), 1.0 / kEpsilon)
                                      : 1.0 / std::max(std::pow(acc, 1.0 / order), kEpsilon);
      for (std::int64_t k = 0; k < n; ++k) values[static_cast<std::size_t>(base + k * inner)] *= scale;
    }
  }
  Tensor out(shape, x.dtype() == float64 ? float64 : float32);
  if (out.dtype() == float64) {
    write_values<double>(out, values);
  } else {
    write_values<float>(out, values);
  }
  return out;
}

Tensor pad_sequences(const std::vector<std::vector<std::int64_t>>& sequences,
                     std::optional<std::int64_t> maxlen, DType dtype, const std::string& padding,
                     const std::string& truncating, double value) {
  std::int64_t width = 0;
  if (maxlen) {
    width = *maxlen;
    if (width < 0) {
      throw ValueError("negative dimensions are not allowed. Received: maxlen=" +
                       std::to_string(width));
    }
  } else {
    if (sequences.empty()) throw ValueError(kEmptyMax);  // Keras takes np.max of no lengths
    for (const auto& s : sequences) width = std::max(width, static_cast<std::int64_t>(s.size()));
  }

  const std::int64_t rows = static_cast<std::int64_t>(sequences.size());
  Tensor out(Shape{rows, width}, dtype);
  switch (dtype) {
    case DType::float32: fill_rows<float>(out, sequences, padding, truncating, value); break;
    case DType::float64: fill_rows<double>(out, sequences, padding, truncating, value); break;
    case DType::int32: fill_rows<std::int32_t>(out, sequences, padding, truncating, value); break;
    case DType::int64: fill_rows<std::int64_t>(out, sequences, padding, truncating, value); break;
    case DType::uint8: fill_rows<std::uint8_t>(out, sequences, padding, truncating, value); break;
  }
  return out;
}

}  // namespace keras::utils
