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
/// Matrix product (optionally transposed): 2-D x 2-D; (..., m, k) x (k, n); or batched
/// (..., m, k) x (..., k, n) with equal leading dimensions. Transposes apply to the last two axes.
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

// Shapes and data movement (differentiable unless stated).
Tensor reshape(const Tensor& x, const Shape& shape);
/// Rows of x at `indices` (any integer dtype) along axis 0; output shape indices.shape + x.shape[1:].
/// Differentiable in x (the gradient scatter-adds into the rows), e.g. for Embedding.
Tensor take(const Tensor& x, const Tensor& indices);
/// Permutes axes (numpy transpose); an empty `axes` reverses them.
Tensor transpose(const Tensor& x, std::vector<int> axes = {});
/// x[begin_0 : begin_0 + size_0, ...] (keras.ops.slice); a size of -1 runs to the end.
Tensor slice(const Tensor& x, const std::vector<std::int64_t>& begin, const std::vector<std::int64_t>& size);
/// x[..., begin:end, ...] along one axis.
Tensor slice_axis(const Tensor& x, int axis, std::int64_t begin, std::int64_t end);
/// Joins tensors along an existing axis; all other dimensions must agree.
Tensor concatenate(const std::vector<Tensor>& xs, int axis = 0);
/// Joins tensors along a new axis.
Tensor stack(const std::vector<Tensor>& xs, int axis = 0);
/// Pads with `value`: pad_width[k] = (before, after) for axis k.
Tensor pad(const Tensor& x, const std::vector<std::pair<std::int64_t, std::int64_t>>& pad_width, float value = 0.0f);
/// Reverses the order of elements along `axis`.
Tensor flip(const Tensor& x, int axis);
Tensor expand_dims(const Tensor& x, int axis);
/// Removes a dimension of size 1.
Tensor squeeze(const Tensor& x, int axis);
/// numpy broadcast_to; the gradient sums over the broadcast axes.
Tensor broadcast_to(const Tensor& x, const Shape& shape);
/// cond ? a : b elementwise (cond is 0/1); differentiable in a and b. Computed as
/// cond*a + (1-cond)*b, so a and b must be finite (use large negative numbers, not -inf).
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
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

// Op families (each its own header).
#include "libkeras/ops/conv_ops.h"
#include "libkeras/ops/norm_ops.h"
#include "libkeras/ops/random_ops.h"
#include "libkeras/ops/recurrent_ops.h"
