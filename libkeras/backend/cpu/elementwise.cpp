// Elementwise kernels: fill, cast, row gather, unary ops and broadcasting binary ops.

#include <cmath>
#include <cstring>

#include "libkeras/backend/cpu/broadcast.h"
#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"
#include "libkeras/utils/error.h"

namespace keras::cpu {

namespace {

template <class F>
KERAS_DISPATCH void map1(float* __restrict y, const float* __restrict x, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
}

template <class F>
KERAS_DISPATCH void map3(float* __restrict out, const float* __restrict x, const float* __restrict y,
                         const float* __restrict dy, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = f(x[i], y[i], dy[i]);
}

template <class F>
void parallel_map1(const Tensor& x, Tensor& y, F f) {
  const float* px = x.data<float>();
  float* py = y.data<float>();
  parallel_for(x.size(), kElementwiseGrain, [&](std::int64_t b, std::int64_t e) { map1(py + b, px + b, e - b, f); });
}

template <class F>
void parallel_map3(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx, F f) {
  const float *px = x.data<float>(), *py = y.data<float>(), *pdy = dy.data<float>();
  float* pdx = dx.data<float>();
  parallel_for(x.size(), kElementwiseGrain,
               [&](std::int64_t b, std::int64_t e) { map3(pdx + b, px + b, py + b, pdy + b, e - b, f); });
}

constexpr float kSeluAlpha = 1.67326324f;
constexpr float kSeluScale = 1.05070098f;
constexpr float kSqrt2OverPi = 0.7978845608028654f;
constexpr float kGeluCoeff = 0.044715f;

inline float sigmoidf(float x) {
  if (x >= 0) return 1.0f / (1.0f + std::exp(-x));
  float e = std::exp(x);
  return e / (1.0f + e);
}

template <class Dst, class Src>
void convert(const Src* src, Dst* dst, std::int64_t n) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) dst[i] = static_cast<Dst>(src[i]);
  });
}

template <class Dst>
void convert_from(const Tensor& src, Dst* dst) {
  std::int64_t n = src.size();
  switch (src.dtype()) {
    case DType::float32: convert(src.data<float>(), dst, n); break;
    case DType::float64: convert(src.data<double>(), dst, n); break;
    case DType::int32: convert(src.data<std::int32_t>(), dst, n); break;
    case DType::int64: convert(src.data<std::int64_t>(), dst, n); break;
    case DType::uint8: convert(src.data<std::uint8_t>(), dst, n); break;
  }
}

template <class T>
void fill_typed(Tensor& t, double value) {
  T v = static_cast<T>(value);
  T* p = t.data<T>();
  parallel_for(t.size(), kElementwiseGrain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) p[i] = v;
  });
}

}  // namespace

void CpuBackend::fill(Tensor& dst, double value) {
  switch (dst.dtype()) {
    case DType::float32: fill_typed<float>(dst, value); break;
    case DType::float64: fill_typed<double>(dst, value); break;
    case DType::int32: fill_typed<std::int32_t>(dst, value); break;
    case DType::int64: fill_typed<std::int64_t>(dst, value); break;
    case DType::uint8: fill_typed<std::uint8_t>(dst, value); break;
  }
}

void CpuBackend::cast(const Tensor& src, Tensor& dst) {
  if (src.dtype() == dst.dtype()) {
    if (src.raw_data() != dst.raw_data()) std::memcpy(dst.raw_data(), src.raw_data(), src.nbytes());
    return;
  }
  switch (dst.dtype()) {
    case DType::float32: convert_from(src, dst.data<float>()); break;
    case DType::float64: convert_from(src, dst.data<double>()); break;
    case DType::int32: convert_from(src, dst.data<std::int32_t>()); break;
    case DType::int64: convert_from(src, dst.data<std::int64_t>()); break;
    case DType::uint8: convert_from(src, dst.data<std::uint8_t>()); break;
  }
}

void CpuBackend::take_rows(const Tensor& x, const Tensor& indices, Tensor& out) {
  const std::int64_t* idx = indices.data<std::int64_t>();
  std::int64_t rows = indices.size(), n = x.dim(0);
  std::size_t row_bytes = n ? x.nbytes() / static_cast<std::size_t>(n) : 0;
  for (std::int64_t i = 0; i < rows; ++i) {
    if (idx[i] < 0 || idx[i] >= n) {
      throw ValueError("Index " + std::to_string(idx[i]) + " is out of range for axis 0 of size " + std::to_string(n));
    }
  }
  const char* src = static_cast<const char*>(x.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain * 4 / std::max<std::size_t>(1, row_bytes));
  parallel_for(rows, grain, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) {
      std::memcpy(dst + static_cast<std::size_t>(i) * row_bytes, src + static_cast<std::size_t>(idx[i]) * row_bytes,
                  row_bytes);
    }
  });
}

void CpuBackend::unary(UnaryOp op, const Tensor& x, Tensor& y, UnaryParams p) {
  const float a = p.a, b = p.b;
  switch (op) {
    case UnaryOp::neg: return parallel_map1(x, y, [](float v) { return -v; });
    case UnaryOp::abs: return parallel_map1(x, y, [](float v) { return std::fabs(v); });
    case UnaryOp::square: return parallel_map1(x, y, [](float v) { return v * v; });
    case UnaryOp::sqrt: return parallel_map1(x, y, [](float v) { return std::sqrt(v); });
    case UnaryOp::exp: return parallel_map1(x, y, [](float v) { return std::exp(v); });
    case UnaryOp::log: return parallel_map1(x, y, [](float v) { return std::log(v); });
    case UnaryOp::sign: return parallel_map1(x, y, [](float v) { return static_cast<float>((v > 0) - (v < 0)); });
    case UnaryOp::clip: return parallel_map1(x, y, [a, b](float v) { return std::min(std::max(v, a), b); });
    case UnaryOp::relu: return parallel_map1(x, y, [](float v) { return v > 0.0f ? v : 0.0f; });
    case UnaryOp::relu6: return parallel_map1(x, y, [](float v) { return std::min(std::max(v, 0.0f), 6.0f); });
    case UnaryOp::leaky_relu: return parallel_map1(x, y, [a](float v) { return v >= 0.0f ? v : a * v; });
    case UnaryOp::elu: return parallel_map1(x, y, [a](float v) { return v > 0.0f ? v : a * std::expm1(v); });
    case UnaryOp::selu:
      return parallel_map1(x, y, [](float v) { return kSeluScale * (v > 0.0f ? v : kSeluAlpha * std::expm1(v)); });
    case UnaryOp::sigmoid: return parallel_map1(x, y, [](float v) { return sigmoidf(v); });
    case UnaryOp::hard_sigmoid:
      return parallel_map1(x, y, [](float v) { return std::min(std::max(v + 3.0f, 0.0f), 6.0f) / 6.0f; });
    case UnaryOp::tanh: return parallel_map1(x, y, [](float v) { return std::tanh(v); });
    case UnaryOp::softplus:
      return parallel_map1(x, y, [](float v) { return std::max(v, 0.0f) + std::log1p(std::exp(-std::fabs(v))); });
    case UnaryOp::softsign: return parallel_map1(x, y, [](float v) { return v / (1.0f + std::fabs(v)); });
    case UnaryOp::silu: return parallel_map1(x, y, [](float v) { return v * sigmoidf(v); });
    case UnaryOp::gelu:
      return parallel_map1(x, y, [](float v) { return 0.5f * v * (1.0f + std::erf(v * 0.70710678118654752f)); });
    case UnaryOp::gelu_tanh:
      return parallel_map1(x, y, [](float v) {
        return 0.5f * v * (1.0f + std::tanh(kSqrt2OverPi * (v + kGeluCoeff * v * v * v)));
      });
    case UnaryOp::exponential: return parallel_map1(x, y, [](float v) { return std::exp(v); });
  }
}

void CpuBackend::unary_backward(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                                UnaryParams p) {
  const float a = p.a, b = p.b;
  switch (op) {
    case UnaryOp::neg: return parallel_map3(x, y, dy, dx, [](float, float, float g) { return -g; });
    case UnaryOp::abs:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return v > 0 ? g : (v < 0 ? -g : 0.0f); });
    case UnaryOp::square: return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return 2.0f * v * g; });
    case UnaryOp::sqrt: return parallel_map3(x, y, dy, dx, [](float, float o, float g) { return g / (2.0f * o); });
    case UnaryOp::exp:
    case UnaryOp::exponential: return parallel_map3(x, y, dy, dx, [](float, float o, float g) { return g * o; });
    case UnaryOp::log: return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return g / v; });
    case UnaryOp::sign: return parallel_map3(x, y, dy, dx, [](float, float, float) { return 0.0f; });
    case UnaryOp::clip:
      return parallel_map3(x, y, dy, dx, [a, b](float v, float, float g) { return (v < a || v > b) ? 0.0f : g; });
    case UnaryOp::relu: return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return v > 0 ? g : 0.0f; });
    case UnaryOp::relu6:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return (v > 0 && v < 6) ? g : 0.0f; });
    case UnaryOp::leaky_relu:
      return parallel_map3(x, y, dy, dx, [a](float v, float, float g) { return v > 0 ? g : a * g; });
    case UnaryOp::elu:
      return parallel_map3(x, y, dy, dx, [a](float v, float o, float g) { return v > 0 ? g : g * (o + a); });
    case UnaryOp::selu:
      return parallel_map3(x, y, dy, dx, [](float v, float o, float g) {
        return v > 0 ? kSeluScale * g : g * (o + kSeluScale * kSeluAlpha);
      });
    case UnaryOp::sigmoid:
      return parallel_map3(x, y, dy, dx, [](float, float o, float g) { return g * o * (1.0f - o); });
    case UnaryOp::hard_sigmoid:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return (v > -3 && v < 3) ? g / 6.0f : 0.0f; });
    case UnaryOp::tanh: return parallel_map3(x, y, dy, dx, [](float, float o, float g) { return g * (1.0f - o * o); });
    case UnaryOp::softplus: return parallel_map3(x, y, dy, dx, [](float v, float, float g) { return g * sigmoidf(v); });
    case UnaryOp::softsign:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) {
        float d = 1.0f + std::fabs(v);
        return g / (d * d);
      });
    case UnaryOp::silu:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) {
        float s = sigmoidf(v);
        return g * (s + v * s * (1.0f - s));
      });
    case UnaryOp::gelu:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) {
        float cdf = 0.5f * (1.0f + std::erf(v * 0.70710678118654752f));
        float pdf = 0.3989422804014327f * std::exp(-0.5f * v * v);
        return g * (cdf + v * pdf);
      });
    case UnaryOp::gelu_tanh:
      return parallel_map3(x, y, dy, dx, [](float v, float, float g) {
        float t = std::tanh(kSqrt2OverPi * (v + kGeluCoeff * v * v * v));
        float du = kSqrt2OverPi * (1.0f + 3.0f * kGeluCoeff * v * v);
        return g * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * du);
      });
  }
}

}  // namespace keras::cpu
