#pragma once
// keras.layers, reshaping family: ZeroPadding1D/2D/3D, Cropping1D/2D/3D, UpSampling1D/2D/3D, Permute, RepeatVector.

#include "layers/reshaping/cropping1d.h"
#include "layers/reshaping/cropping2d.h"
#include "layers/reshaping/cropping3d.h"
#include "layers/reshaping/permute.h"
#include "layers/reshaping/repeat_vector.h"
#include "layers/reshaping/up_sampling1d.h"
#include "layers/reshaping/up_sampling2d.h"
#include "layers/reshaping/up_sampling3d.h"
#include "layers/reshaping/zero_padding1d.h"
#include "layers/reshaping/zero_padding2d.h"
#include "layers/reshaping/zero_padding3d.h"
