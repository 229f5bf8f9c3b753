#pragma once
// keras.layers, regularization family: SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization.

#include "layers/regularization/activity_regularization.h"
#include "layers/regularization/alpha_dropout.h"
#include "layers/regularization/gaussian_dropout.h"
#include "layers/regularization/gaussian_noise.h"
#include "layers/regularization/spatial_dropout.h"
