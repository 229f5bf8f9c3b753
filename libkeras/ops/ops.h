#pragma once
// keras::ops: the operations layers, losses and metrics are written in (keras.ops in Python).
// Each op validates its inputs, allocates the output on the inputs' device, runs the device's
// Backend and, when a GradientTape tracks an input, records its backward rule.
// Integer inputs of arithmetic ops are promoted to float32.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::ops {

// Arithmetic (numpy broadcasting).
Tensor add(const Tensor& a, const Tensor& b);
Tensor subtract(const Tensor& a, const Tensor& b);
Tensor multiply(const Tensor& a, const Tensor& b);
Tensor divide(const Tensor& a, const Tensor& b);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor power(const Tensor& a, const Tensor& b);
/// 1.0 where the comparison holds, else 0.0 (not differentiable).
Tensor equal(const Tensor& a, const Tensor& b);
Tensor greater(const Tensor& a, const Tensor& b);
Tensor less(const Tensor& a, const Tensor& b);

Tensor negative(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sign(const Tensor& x);
/// Clips to [min_value, max_value]; the gradient is zero outside (as tf.clip_by_value).
Tensor clip(const Tensor& x, float min_value, float max_value);

// Activations (keras.activations formulas).
Tensor relu(const Tensor& x);
Tensor relu6(const Tensor& x);
Tensor leaky_relu(const Tensor& x, float negative_slope = 0.2f);
Tensor elu(const Tensor& x, float alpha = 1.0f);
Tensor selu(const Tensor& x);
Tensor sigmoid(const Tensor& x);
/// Keras 3: relu6(x + 3) / 6.
Tensor hard_sigmoid(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor softplus(const Tensor& x);
Tensor softsign(const Tensor& x);
Tensor silu(const Tensor& x);
Tensor gelu(const Tensor& x, bool approximate = false);
Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);

// Reductions. An empty `axes` reduces over every axis.
Tensor sum(const Tensor& x, std::vector<int> axes = {}, bool keepdims = false);
Tensor mean(const Tensor& x, std::vector<int> axes = {}, bool keepdims = false);
Tensor max(const Tensor& x, std::vector<int> axes = {}, bool keepdims = false);
/// Index of the first maximum along `axis` (int64, not differentiable).
Tensor argmax(const Tensor& x, int axis = -1);

// Linear algebra.
/// Matrix product of 2-D tensors (optionally transposed).
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

// Shapes and data movement.
Tensor reshape(const Tensor& x, const Shape& shape);
/// Rows of x at `indices` (any integer dtype) along axis 0 (not differentiable).
Tensor take(const Tensor& x, const Tensor& indices);
Tensor cast(const Tensor& x, DType dtype);
/// Float32 one-hot encoding with `depth` classes appended as the last axis.
Tensor one_hot(const Tensor& labels, std::int64_t depth);

// Neural-network ops, channels_last.
enum class Padding { valid, same };
/// Parses "valid" / "same" (case-insensitive); throws ValueError naming `field` otherwise.
Padding parse_padding(const std::string& padding, const std::string& field = "padding");
std::string padding_name(Padding padding);

/// Output length of a 1-D window (Keras conv_utils semantics).
std::int64_t conv_output_length(std::int64_t input_length, int kernel, Padding padding, int stride, int dilation);

/// x (N,H,W,C) * kernel (KH,KW,C,F) [+ bias (F)] -> (N,OH,OW,F). `bias` may be undefined.
Tensor conv2d(const Tensor& x, const Tensor& kernel, const Tensor& bias, std::array<int, 2> strides, Padding padding,
              std::array<int, 2> dilation = {1, 1});
Tensor max_pool2d(const Tensor& x, std::array<int, 2> pool_size, std::array<int, 2> strides, Padding padding);
/// `same` padding averages over the in-bounds window only (TensorFlow semantics).
Tensor average_pool2d(const Tensor& x, std::array<int, 2> pool_size, std::array<int, 2> strides, Padding padding);
/// Zeroes each element with probability `rate` and scales the rest by 1/(1-rate).
Tensor dropout(const Tensor& x, float rate, std::uint64_t seed);

}  // namespace keras::ops
