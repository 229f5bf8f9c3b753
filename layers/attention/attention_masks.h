#pragma once
// Masks of the attention layers as float32 tensors of 0 (masked) and 1 (kept); combining two
// masks with ops::multiply is Keras' logical AND.

#include <cstdint>

#include "libkeras/tensor/tensor.h"

namespace keras::layers::attention {

/// 1 where `mask` is non-zero (Keras casts masks to bool), as float32.
Tensor as_float_mask(const Tensor& mask);

/// Keras' causal mask, shape (1, t, s): 1 where query position i may see key position j <= i.
Tensor causal_mask(std::int64_t t, std::int64_t s, Device device);

/// Keras' sliding-window band, shape (1, t, s): 1 where |i - j| < window.
Tensor sliding_window_mask(std::int64_t t, std::int64_t s, std::int64_t window, Device device);

/// a AND b, either of which may be undefined (no mask).
Tensor combine(const Tensor& a, const Tensor& b);

/// keras.layers.Softmax over the last axis with a mask broadcastable to `scores`: masked scores
/// become -1e9 before the softmax and masked probabilities 0 after it (a fully masked row gives
/// zeros). An undefined mask is a plain softmax.
Tensor masked_softmax(const Tensor& scores, const Tensor& mask);

/// keras.ops.dot_product_attention's masking: masked scores become -0.7 * float32 max and the
/// softmax is not masked afterwards (a fully masked row attends uniformly).
Tensor dot_product_softmax(const Tensor& scores, const Tensor& mask);

}  // namespace keras::layers::attention
