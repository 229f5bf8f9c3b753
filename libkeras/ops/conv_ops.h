#pragma once
// keras::ops for N-dimensional, grouped, depthwise and transposed convolution; 1-D/3-D and global pooling; resampling.
// Included by libkeras/ops/ops.h.
//
// All ops are channels_last: x (batch, *spatial, channels) with 1 to 3 spatial axes; window
// arguments (strides, dilation_rate, pool_size, ...) hold one entry per spatial axis. Padding
// follows TensorFlow ('same' puts the odd padding pixel after the input), as Keras does.

#include <cstdint>
#include <optional>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::ops {

enum class Padding;  // ops.h

/// keras.ops.conv with groups and a fused bias: x (N, *S, C) * kernel (*K, C/groups, F)
/// [+ bias (F)] -> (N, *O, F). `bias` may be undefined. 2-D convolutions with groups == 1 run
/// on the ops::conv2d kernel.
Tensor conv(const Tensor& x, const Tensor& kernel, const Tensor& bias, const std::vector<int>& strides, Padding padding,
            const std::vector<int>& dilation_rate, int groups = 1);

/// keras.ops.conv_transpose: the gradient of conv() with respect to its input, as a layer.
/// x (N, *S, C), kernel (*K, F, C), bias (F) or undefined -> (N, *O, F), where per axis
/// O = conv_transpose_output_length(...). output_padding: empty = Keras None.
Tensor conv_transpose(const Tensor& x, const Tensor& kernel, const Tensor& bias, const std::vector<int>& strides,
                      Padding padding, const std::vector<int>& output_padding, const std::vector<int>& dilation_rate);

/// Output length of a transposed convolution along one axis (Keras/TensorFlow semantics);
/// `output_padding` nullopt = Keras None.
std::int64_t conv_transpose_output_length(std::int64_t input_length, int kernel, Padding padding, int stride,
                                          int dilation, std::optional<int> output_padding);

/// keras.ops.depthwise_conv with a fused bias: x (N, *S, C), kernel (*K, C, M), bias (C*M) or
/// undefined -> (N, *O, C*M); output channel c*M + m is input channel c under filter m.
Tensor depthwise_conv(const Tensor& x, const Tensor& kernel, const Tensor& bias, const std::vector<int>& strides,
                      Padding padding, const std::vector<int>& dilation_rate);

/// keras.ops.separable_conv with a fused bias: depthwise_conv(x, depthwise_kernel) followed by
/// the pointwise convolution with pointwise_kernel (1, ..., 1, C*M, F) [+ bias (F)].
Tensor separable_conv(const Tensor& x, const Tensor& depthwise_kernel, const Tensor& pointwise_kernel,
                      const Tensor& bias, const std::vector<int>& strides, Padding padding,
                      const std::vector<int>& dilation_rate);

/// keras.ops.max_pool / average_pool over 1 to 3 spatial axes. Padding never wins a maximum
/// and is excluded from averages (TensorFlow semantics).
Tensor max_pool(const Tensor& x, const std::vector<int>& pool_size, const std::vector<int>& strides, Padding padding);
Tensor average_pool(const Tensor& x, const std::vector<int>& pool_size, const std::vector<int>& strides,
                    Padding padding);

/// keras.ops.repeat with a scalar count: each element repeated `repeats` times along `axis`.
Tensor repeat(const Tensor& x, std::int64_t repeats, int axis);

/// keras.ops.image.resize(images, (height, width), interpolation="bilinear") of (N, H, W, C)
/// images: half-pixel centres, no antialiasing (Keras' defaults), borders clamped.
Tensor resize_bilinear(const Tensor& images, std::int64_t height, std::int64_t width);

}  // namespace keras::ops
