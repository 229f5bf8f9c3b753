#pragma once
// keras.layers, activations family: ReLU, LeakyReLU, PReLU, ELU, Softmax.

#include "layers/activations/elu.h"
#include "layers/activations/leaky_relu.h"
#include "layers/activations/prelu.h"
#include "layers/activations/relu.h"
#include "layers/activations/softmax.h"
