#pragma once
// Weights written by Keras 1/2 (and tf.keras) that mean something else in Keras 3.
//
// hard_sigmoid: Keras 2's is clip(0.2x + 0.5, 0, 1), Keras 3's is clip(x/6 + 0.5, 0, 1), so
// Keras 2 hard_sigmoid(x) = Keras 3 hard_sigmoid(1.2x). Where the activation's input is linear in
// the weights (Dense/Conv/SimpleRNN activation, LSTM/GRU gates) scaling those weights by 1.2
// reproduces Keras 2's outputs exactly; elsewhere the model cannot be expressed and is refused.

#include <string>
#include <vector>

#include "libkeras/model/model.h"

namespace keras::io {

/// Adapts `arrays` (the layer's weights in legacy order, as read from a file written by Keras
/// `keras_major` < 3) to the layer in place: Keras 1's per-gate LSTM (12 arrays, gates i, c, f, o)
/// and GRU (9 arrays, z, r, h) weights are merged, then hard_sigmoid is adapted. ValueError naming
/// `source` and the layer when the layer's Keras 2 activation cannot be reproduced.
void adapt_keras2_weights(const Layer& layer, std::vector<Tensor>& arrays, int keras_major, const std::string& source);

/// Refuses a model (from a Keras 1/2 file) with a Keras 2 hard_sigmoid that no weight scaling can
/// reproduce, e.g. an Activation("hard_sigmoid") layer; the error names the layer and `source`.
void check_keras2_activations(const Model& model, const std::string& source);

}  // namespace keras::io
