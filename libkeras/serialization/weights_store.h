#pragma once
// Keras 3's weight store: the layout of `.weights.h5` files and of `model.weights.h5` inside a
// `.keras` archive (saving_lib._save_state / _load_state). Variables sit at
// `layers/<snake_case(class)>[_k]/vars/<i>`, keyed by class name and position (never by layer
// name), sub-layers under their Python attribute names (`cell`, `forward_layer/cell`,
// `query_dense`, ...; see Layer::saveable_vars), nested models under their own `layers/`, and
// the optimizer at `optimizer/vars/<i>`.

#include "libkeras/model/model.h"
#include "libkeras/serialization/hdf5_file.h"

namespace keras::io {

/// Writes the model's variables into `root`, and the optimizer's state when `include_optimizer`
/// and the optimizer has been built (trained or loaded).
void save_weights_store(const Model& model, H5Group root, bool include_optimizer);

/// Loads every layer's variables from `root`. All arrays are read and checked before any is
/// assigned, so a failed load leaves the model unchanged. A layer with variables whose group is
/// missing, or whose count differs, is a ValueError "Layer 'x' expected N variables, but
/// received M" naming the file; a shape mismatch is a ShapeError naming layer, path and file.
/// With `load_optimizer` and a compiled model, the optimizer state is restored when it matches
/// (else a warning, as Keras: training starts with a fresh optimizer). Optimizer datasets that
/// cannot be read are such a warning too; they are read before any layer weight is assigned.
void load_weights_store(Model& model, const H5Group& root, bool load_optimizer);

/// Restores `values` (Keras order: iterations, learning_rate, slots) into the model's optimizer,
/// building it for the model's trainable weights first. Returns false after a warning naming
/// `source` when the count or a shape differs.
bool restore_optimizer_state(Model& model, const std::vector<Tensor>& values, const std::string& source);

}  // namespace keras::io
