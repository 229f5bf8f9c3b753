#pragma once
// keras.layers, merging family: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
// and their functional forms keras::layers::add({...}), subtract, multiply, average, maximum,
// minimum, concatenate, dot.

#include "layers/merging/add.h"
#include "layers/merging/average.h"
#include "layers/merging/base_merge.h"
#include "layers/merging/concatenate.h"
#include "layers/merging/dot.h"
#include "layers/merging/maximum.h"
#include "layers/merging/minimum.h"
#include "layers/merging/multiply.h"
#include "layers/merging/subtract.h"
