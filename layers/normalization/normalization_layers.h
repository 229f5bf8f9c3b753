#pragma once
// keras.layers, normalization family: BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization.

#include "layers/normalization/batch_normalization.h"
#include "layers/normalization/group_normalization.h"
#include "layers/normalization/layer_normalization.h"
#include "layers/normalization/unit_normalization.h"
