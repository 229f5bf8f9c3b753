#pragma once
// The legacy HDF5 layout of Keras 2, tf.keras and Keras 3's legacy writer
// (legacy_h5_format.py): `model.save("m.h5")` full models and `save_weights("w.h5")` files.
// Layers are paired by position among those with weights (or by name), each layer's arrays in
// `weight_names` order; weights written by Keras 1/2 are adapted to Keras 3 (keras2_weights.h).

#include <memory>
#include <string>
#include <vector>

#include "libkeras/model/model.h"
#include "libkeras/serialization/hdf5_file.h"

namespace keras::io {

/// The Keras dialect libkeras writes (keras_version); readers of every Keras version accept it.
inline constexpr const char* kWrittenKerasVersion = "3.10.0";

struct LegacyWeightsOptions {
  bool by_name = false;
  bool skip_mismatch = false;
};

/// The major version in a legacy group's `keras_version` attribute; 1 when absent (Keras 1).
int legacy_keras_major(const H5Group& group);

/// The group holding `layer_names`: the root of a save_weights file or `model_weights/` of a
/// full-model file; IoError naming the file when there is neither.
H5Group legacy_weights_group(const H5Group& root);

/// Writes layer_names, backend, keras_version and one group per layer (save_weights_to_hdf5_group).
void save_legacy_weights(const Model& model, H5Group group);
/// Loads weights from `group` (load_weights_from_hdf5_group[_by_name]). All arrays are read and
/// checked before any is assigned. Errors name the file, the layer and what does not match.
void load_legacy_weights(Model& model, const H5Group& group, const LegacyWeightsOptions& options = {});

/// `model.save("m.h5")`: model_config, training_config, model_weights and optimizer_weights.
void save_legacy_model(const Model& model, const std::string& path);
/// `keras.models.load_model("m.h5")`.
std::shared_ptr<Model> load_legacy_model(const H5File& file, bool compile);

}  // namespace keras::io
