#pragma once
// keras.losses: every built-in loss.

#include "losses/crossentropy.h"
#include "losses/loss.h"
#include "losses/regression.h"
