#pragma once
// keras.optimizers: every built-in optimizer.

#include "optimizers/adam.h"
#include "optimizers/optimizer.h"
#include "optimizers/rmsprop.h"
#include "optimizers/sgd.h"
