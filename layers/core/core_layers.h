#pragma once
// keras.layers, core family: Embedding, Masking, Identity.

#include "layers/core/embedding.h"
#include "layers/core/identity.h"
#include "layers/core/masking.h"
