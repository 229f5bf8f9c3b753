#pragma once
// keras.losses: every built-in loss.

#include "losses/crossentropy.h"
#include "losses/hinge.h"
#include "losses/loss.h"
#include "losses/probabilistic.h"
#include "losses/regression.h"
