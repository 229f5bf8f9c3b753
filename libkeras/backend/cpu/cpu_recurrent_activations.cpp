// Gate activations of the fused recurrent kernels and their derivatives (from the outputs).
// A recurrent step evaluates U-wide gate blocks thousands of times, so exp and tanh are
// polynomial approximations (float accuracy, a few ulp) written on GCC vector types: with the
// default -ftrapping-math GCC will not if-convert their clamps and selects, so plain loops would
// stay scalar (libm's expf/tanhf are scalar anyway). Every helper is inlined into the
// target-cloned loops, which compile the 8-wide type to AVX2 or to pairs of SSE registers.

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"
#include "libkeras/backend/cpu/parallel.h"

// The 8-wide type never crosses a call: every helper is always_inline and file-local, so the
// ABI note GCC gives for returning it from the non-AVX clone does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
#define KERAS_INLINE __attribute__((always_inline))

namespace keras::cpu::rnn {

namespace {

using V = float __attribute__((vector_size(32)));
using VI = std::int32_t __attribute__((vector_size(32)));
constexpr int kWidth = 8;

constexpr float kSeluAlpha = 1.67326324f;
constexpr float kSeluScale = 1.05070098f;
constexpr float kLeakySlope = 0.2f;

// The same formulas serve the 8-wide type and the scalar tails.
template <class T>
[[gnu::always_inline]] inline T splat(float v) {
  return T{} + v;
}
template <class T>
[[gnu::always_inline]] inline T vmax(const T& a, const T& b) {
  return a > b ? a : b;
}
template <class T>
[[gnu::always_inline]] inline T vmin(const T& a, const T& b) {
  return a < b ? a : b;
}
template <class T>
[[gnu::always_inline]] inline T clamp(const T& x, float lo, float hi) {
  return vmin(vmax(x, splat<T>(lo)), splat<T>(hi));
}
[[gnu::always_inline]] inline std::int32_t to_int(float x) { return static_cast<std::int32_t>(x); }
[[gnu::always_inline]] inline VI to_int(const V& x) { return __builtin_convertvector(x, VI); }
[[gnu::always_inline]] inline float from_bits(std::int32_t b) { return std::bit_cast<float>(b); }
[[gnu::always_inline]] inline V from_bits(const VI& b) { return reinterpret_cast<V>(b); }

// Cephes' expf: e^x = 2^n e^r with |r| <= ln2/2, a degree-6 polynomial for e^r.
template <class T>
[[gnu::always_inline]] inline T exp_approx(const T& in) {
  const T x = clamp(in, -87.3f, 88.3f);
  constexpr float kRound = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const T n = (x * 1.44269504088896341f + kRound) - kRound;
  T r = x - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  T p = splat<T>(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  return p * from_bits((to_int(n) + 127) << 23);
}

template <class T>
[[gnu::always_inline]] inline T sigmoid_approx(const T& x) {
  return 1.0f / (1.0f + exp_approx(-x));
}

// Cephes' tanhf: an odd polynomial near 0 (where 1 - e^-2x would cancel), the exponential form beyond.
template <class T>
[[gnu::always_inline]] inline T tanh_approx(const T& x) {
  const T ax = vmax(x, -x), z = x * x;
  const T near = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z -
                  3.33332819422e-1f) *
                     z * x +
                 x;
  const T e = exp_approx(-2.0f * ax);
  const T m = (1.0f - e) / (1.0f + e);
  const T far = x < 0.0f ? -m : m;
  return ax < 0.625f ? near : far;
}

template <class F>
KERAS_DISPATCH void map_in_place(float* __restrict v, int n, F f) {
  int i = 0;
  for (; i + kWidth <= n; i += kWidth) {
    V x;
    std::memcpy(&x, v + i, sizeof x);
    x = f(x);
    std::memcpy(v + i, &x, sizeof x);
  }
  for (; i < n; ++i) v[i] = f(v[i]);
}

template <class F>
KERAS_DISPATCH void scale_by(const float* __restrict y, float* __restrict g, int n, F f) {
  int i = 0;
  for (; i + kWidth <= n; i += kWidth) {
    V o, d;
    std::memcpy(&o, y + i, sizeof o);
    std::memcpy(&d, g + i, sizeof d);
    d = d * f(o);
    std::memcpy(g + i, &d, sizeof d);
  }
  for (; i < n; ++i) g[i] *= f(y[i]);
}

}  // namespace

void activate(RnnActivation f, float* v, int n) {
  switch (f) {
    case RnnActivation::linear:
      return;
    case RnnActivation::tanh:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return tanh_approx(x); });
    case RnnActivation::sigmoid:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return sigmoid_approx(x); });
    case RnnActivation::hard_sigmoid:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return clamp(x + 3.0f, 0.0f, 6.0f) * (1.0f / 6.0f); });
    case RnnActivation::relu:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return vmax(x, std::decay_t<decltype(x)>{}); });
    case RnnActivation::relu6:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return clamp(x, 0.0f, 6.0f); });
    case RnnActivation::leaky_relu:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return x >= 0.0f ? x : kLeakySlope * x; });
    case RnnActivation::elu:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return x > 0.0f ? x : exp_approx(x) - 1.0f; });
    case RnnActivation::selu:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE {
        return kSeluScale * (x > 0.0f ? x : kSeluAlpha * (exp_approx(x) - 1.0f));
      });
    case RnnActivation::softsign:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return x / (1.0f + vmax(x, -x)); });
    case RnnActivation::softplus:
      // log1p has no vector form; softplus is rare in recurrent layers.
      for (int i = 0; i < n; ++i) v[i] = (v[i] > 0.0f ? v[i] : 0.0f) + std::log1p(exp_approx(-std::fabs(v[i])));
      return;
    case RnnActivation::exponential:
      return map_in_place(v, n, [](const auto& x) KERAS_INLINE { return exp_approx(x); });
  }
}

void scale_by_derivative(RnnActivation f, const float* y, float* g, int n) {
  switch (f) {
    case RnnActivation::linear:
      return;
    case RnnActivation::tanh:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE { return 1.0f - o * o; });
    case RnnActivation::sigmoid:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE { return o * (1.0f - o); });
    case RnnActivation::hard_sigmoid:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        using T = std::decay_t<decltype(o)>;
        return o > 0.0f && o < 1.0f ? splat<T>(1.0f / 6.0f) : T{};
      });
    case RnnActivation::relu:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        using T = std::decay_t<decltype(o)>;
        return o > 0.0f ? splat<T>(1.0f) : T{};
      });
    case RnnActivation::relu6:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        using T = std::decay_t<decltype(o)>;
        return o > 0.0f && o < 6.0f ? splat<T>(1.0f) : T{};
      });
    case RnnActivation::leaky_relu:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        using T = std::decay_t<decltype(o)>;
        return o > 0.0f ? splat<T>(1.0f) : splat<T>(kLeakySlope);
      });
    case RnnActivation::elu:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        return o > 0.0f ? splat<std::decay_t<decltype(o)>>(1.0f) : o + 1.0f;
      });
    case RnnActivation::selu:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        return o > 0.0f ? splat<std::decay_t<decltype(o)>>(kSeluScale) : o + kSeluScale * kSeluAlpha;
      });
    case RnnActivation::softsign:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE {
        const auto d = 1.0f - vmax(o, -o);
        return d * d;
      });
    case RnnActivation::softplus:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE { return 1.0f - exp_approx(-o); });
    case RnnActivation::exponential:
      return scale_by(y, g, n, [](const auto& o) KERAS_INLINE { return o; });
  }
}

}  // namespace keras::cpu::rnn
