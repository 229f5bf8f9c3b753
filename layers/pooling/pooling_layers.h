#pragma once
// keras.layers, pooling family: Max/AveragePooling1D/3D, GlobalAverage/GlobalMaxPooling1D/2D/3D.

#include "layers/pooling/average_pooling1d.h"
#include "layers/pooling/average_pooling3d.h"
#include "layers/pooling/global_average_pooling1d.h"
#include "layers/pooling/global_average_pooling2d.h"
#include "layers/pooling/global_average_pooling3d.h"
#include "layers/pooling/global_max_pooling1d.h"
#include "layers/pooling/global_max_pooling2d.h"
#include "layers/pooling/global_max_pooling3d.h"
#include "layers/pooling/max_pooling1d.h"
#include "layers/pooling/max_pooling3d.h"
