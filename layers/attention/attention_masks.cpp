#include "layers/attention/attention_masks.h"

#include <cstdlib>
#include <vector>

#include "libkeras/ops/ops.h"

namespace keras::layers::attention {

Tensor as_float_mask(const Tensor& mask) {
  Tensor m = ops::cast(mask, float32);
  return ops::subtract(Tensor::scalar(1.0f, m.device()), ops::equal(m, Tensor::scalar(0.0f, m.device())));
}

namespace {

template <class Keep>
Tensor band(std::int64_t t, std::int64_t s, Device device, Keep keep) {
  std::vector<float> v(static_cast<std::size_t>(t * s));
  for (std::int64_t i = 0; i < t; ++i) {
    for (std::int64_t j = 0; j < s; ++j) v[static_cast<std::size_t>(i * s + j)] = keep(i, j) ? 1.0f : 0.0f;
  }
  return Tensor::from_vector(v, Shape{1, t, s}).to(device);
}

}  // namespace

Tensor causal_mask(std::int64_t t, std::int64_t s, Device device) {
  return band(t, s, device, [](std::int64_t i, std::int64_t j) { return i >= j; });
}

Tensor sliding_window_mask(std::int64_t t, std::int64_t s, std::int64_t window, Device device) {
  return band(t, s, device, [window](std::int64_t i, std::int64_t j) { return std::llabs(i - j) < window; });
}

Tensor combine(const Tensor& a, const Tensor& b) {
  if (!a.defined()) return b;
  if (!b.defined()) return a;
  return ops::multiply(a, b);
}

Tensor masked_softmax(const Tensor& scores, const Tensor& mask) {
  if (!mask.defined()) return ops::softmax(scores, -1);
  Tensor masked = ops::where(mask, scores, Tensor::scalar(-1e9f, scores.device()));
  return ops::multiply(ops::softmax(masked, -1), mask);
}

Tensor dot_product_softmax(const Tensor& scores, const Tensor& mask) {
  if (!mask.defined()) return ops::softmax(scores, -1);
  // TensorFlow backend's _get_large_negative(float32).
  const float large_negative = static_cast<float>(3.38953e38 * -0.7);
  return ops::softmax(ops::where(mask, scores, Tensor::scalar(large_negative, scores.device())), -1);
}

}  // namespace keras::layers::attention
