#pragma once
// keras.layers, regularization family: SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization.
