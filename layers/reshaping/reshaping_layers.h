#pragma once
// keras.layers, reshaping family: ZeroPadding1D/2D/3D, Cropping1D/2D/3D, UpSampling1D/2D/3D, Permute, RepeatVector.
