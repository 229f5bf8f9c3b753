#pragma once
// keras.layers, convolutional family: Conv1D, Conv2D with groups, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
// SeparableConv1D/2D, DepthwiseConv1D/2D.

#include "layers/conv2d.h"
#include "layers/convolutional/conv1d.h"
#include "layers/convolutional/conv1d_transpose.h"
#include "layers/convolutional/conv2d_transpose.h"
#include "layers/convolutional/conv3d.h"
#include "layers/convolutional/conv3d_transpose.h"
#include "layers/convolutional/depthwise_conv1d.h"
#include "layers/convolutional/depthwise_conv2d.h"
#include "layers/convolutional/separable_conv1d.h"
#include "layers/convolutional/separable_conv2d.h"
