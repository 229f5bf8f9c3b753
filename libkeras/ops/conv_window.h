#pragma once
// Helpers shared by the conv-family op files (not installed): window geometry over 1 to 3
// spatial axes, mapped onto the kernels' three-axis layout.

#include <string>
#include <vector>

#include "libkeras/backend/backend.h"
#include "libkeras/ops/ops.h"

namespace keras::ops::detail {

/// The number of spatial axes of x (batch, *spatial, channels); throws ShapeError unless 1 to 3.
int spatial_rank(const Tensor& x, const char* op);

/// Checks that a window argument has one positive entry per spatial axis.
void check_window_arg(const std::vector<int>& values, int rank, const char* arg, const char* op);

/// TensorFlow window geometry of `kernel` sliding over the spatial axes of `x_shape`, with
/// leading size-1 axes when there are fewer than three. Throws ShapeError when the window does
/// not fit (output length <= 0).
Window3D make_window3d(const Shape& x_shape, const std::vector<int>& kernel, const std::vector<int>& strides,
                       Padding padding, const std::vector<int>& dilation, const char* op);

/// `shape` (batch, *spatial, last) with size-1 spatial axes prepended up to three.
Shape as_3d(const Shape& shape);

/// (batch, *out spatial of w, channels) for an input of `spatial` spatial axes.
Shape window_output_shape(std::int64_t batch, const Window3D& w, int spatial, std::int64_t channels);

/// The sum of `g` over every axis but the last (the gradient of a per-channel bias).
Tensor bias_gradient(const Tensor& g);

}  // namespace keras::ops::detail
