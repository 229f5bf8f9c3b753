#pragma once
// keras.optimizers: every built-in optimizer and learning rate schedule.

#include "optimizers/adadelta.h"
#include "optimizers/adagrad.h"
#include "optimizers/adam.h"
#include "optimizers/adamax.h"
#include "optimizers/ftrl.h"
#include "optimizers/lamb.h"
#include "optimizers/lion.h"
#include "optimizers/nadam.h"
#include "optimizers/optimizer.h"
#include "optimizers/rmsprop.h"
#include "optimizers/schedules/schedules.h"
#include "optimizers/sgd.h"
