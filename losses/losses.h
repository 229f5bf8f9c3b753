#pragma once
// keras.losses: every built-in loss.

#include "losses/crossentropy.h"
#include "losses/focal.h"
#include "losses/generalized_cross_entropy.h"
#include "losses/hinge.h"
#include "losses/loss.h"
#include "losses/overlap.h"
#include "losses/probabilistic.h"
#include "losses/regression.h"
