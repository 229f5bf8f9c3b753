#pragma once
// keras.layers, normalization family: BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization.
