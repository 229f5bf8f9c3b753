#pragma once
// Keras' saving API: whole models and weights in every Keras file format.
//
//   auto model = keras::load_model("mnist.keras");      // .keras, .h5/.hdf5, or a .json config
//   model->fit(x, y);
//   model->save("mnist-tuned.keras");                   // or .h5 (legacy HDF5)
//   model->save_weights("w.weights.h5");                 // Keras 3 weights; .h5 = legacy layout
//
// Formats (see README "File formats"): to_json()/model_from_json() in Keras 3 form (Keras 1/2
// list and nested-list forms are read too); legacy HDF5 (`model.save("m.h5")` in Keras 2,
// tf.keras and Keras 3); the Keras 3 `.keras` zip; Keras 3 `.weights.h5`. Every write goes to a
// temporary file first and is renamed into place, so a failed save never leaves half a file.

#include <memory>
#include <string>

#include "libkeras/model/model.h"
#include "libkeras/serialization/json.h"

namespace keras {

/// A model from {"class_name": "Sequential"|"Functional"|"Model", "config": ...} in any Keras
/// 1-3 form. `source` names the file or string in error messages.
std::shared_ptr<Model> model_from_config(const Json& config, const std::string& source = "model config");
/// model_from_config of a JSON text (keras.models.model_from_json).
std::shared_ptr<Model> model_from_json(const std::string& json, const std::string& source = "model JSON");
/// Keras 3's serialize_keras_object(model): {"module", "class_name", "config", "registered_name",
/// "build_config", ["compile_config"]}.
Json model_to_config(const Model& model);

struct LoadModelOptions {
  /// Compile with the saved training/compile config (when the file has one).
  bool compile = true;
};

/// keras.models.load_model: a `.keras` archive, a legacy `.h5`/`.hdf5` full-model file, or a
/// `.json` config (fresh weights). The optimizer state is restored when the file holds it.
std::shared_ptr<Model> load_model(const std::string& path, LoadModelOptions options = {});

/// model.save(path): `.keras` (Keras 3 zip) or `.h5`/`.hdf5` (legacy HDF5), with the compile
/// config and optimizer state when the model is compiled. Also `.json` (config only).
void save_model(const Model& model, const std::string& path);

struct LoadWeightsOptions {
  /// Legacy `.h5` only: match layers by name, skipping unknown ones (Keras' by_name=True).
  bool by_name = false;
  /// With by_name, skip layers whose weight shapes differ instead of failing.
  bool skip_mismatch = false;
};

/// model.save_weights(path): `<name>.weights.h5` (Keras 3 layout) or `.h5`/`.hdf5` (legacy layout).
void save_weights(const Model& model, const std::string& path);
/// model.load_weights(path): `.weights.h5`, legacy `.h5`/`.hdf5` (weights-only or full model),
/// or the weights inside a `.keras` archive.
void load_weights(Model& model, const std::string& path, LoadWeightsOptions options = {});

}  // namespace keras
