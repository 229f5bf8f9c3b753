#pragma once
// keras.layers, convolutional family: Conv1D, Conv2D with groups, Conv3D, Conv1DTranspose, Conv2DTranspose, SeparableConv1D/2D, DepthwiseConv1D/2D.
