#pragma once
// keras.layers: every built-in layer.

#include "layers/activation.h"
#include "layers/conv2d.h"
#include "layers/dense.h"
#include "layers/dropout.h"
#include "layers/flatten.h"
#include "layers/input_layer.h"
#include "layers/pooling2d.h"
#include "layers/reshape.h"
