#pragma once
// keras.layers, attention family: MultiHeadAttention, Attention, AdditiveAttention.

#include "layers/attention/additive_attention.h"
#include "layers/attention/attention.h"
#include "layers/attention/base_dense_attention.h"
#include "layers/attention/multi_head_attention.h"
