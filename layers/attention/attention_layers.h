#pragma once
// keras.layers, attention family: MultiHeadAttention, Attention, AdditiveAttention.
