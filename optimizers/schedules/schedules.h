#pragma once
// keras.optimizers.schedules: every built-in learning rate schedule.

#include "optimizers/schedules/cosine_decay.h"
#include "optimizers/schedules/exponential_decay.h"
#include "optimizers/schedules/inverse_time_decay.h"
#include "optimizers/schedules/learning_rate_schedule.h"
#include "optimizers/schedules/piecewise_constant_decay.h"
#include "optimizers/schedules/polynomial_decay.h"
