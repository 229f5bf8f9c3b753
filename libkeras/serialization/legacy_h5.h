#pragma once
// The legacy HDF5 layout of Keras 2, tf.keras and Keras 3's legacy writer
// (legacy_h5_format.py): `model.save("m.h5")` full models and `save_weights("w.h5")` files.
// Layers are paired by position among those with weights (or by name), each layer's arrays in
// `weight_names` order; weights written by Keras 1/2 are adapted to Keras 3 (keras2_weights.h).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libkeras/model/model.h"
#include "libkeras/serialization/hdf5_file.h"

namespace keras::io {

/// The Keras dialect libkeras writes (keras_version). Keras 3 reads the whole file. The weights
/// follow the legacy layout older readers know, but model_config is in Keras 3 form (module,
/// registered_name, build_config, DTypePolicy objects, dict inbound_nodes), which tf.keras 2.x
/// and Keras 2 cannot parse: they can load_weights from it, not load_model.
inline constexpr const char* kWrittenKerasVersion = "3.10.0";

struct LegacyWeightsOptions {
  bool by_name = false;
  bool skip_mismatch = false;
  /// The writer's Keras major version when the caller already knows it (a full-model file's
  /// root attribute); otherwise the group's own keras_version is used.
  std::optional<int> keras_major;
};

/// The major version in a legacy group's `keras_version` attribute: its leading digits, clamped
/// to 1000; 1 (Keras 1) when absent or without leading digits. Never throws on a bad value.
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
