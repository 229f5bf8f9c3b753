#pragma once
// The Keras 3 `.keras` archive (saving_lib.save_model / load_model): a zip holding
// metadata.json, config.json and model.weights.h5 (the weight store of weights_store.h).

#include <memory>
#include <string>
#include <vector>

#include "libkeras/model/model.h"
#include "libkeras/serialization/zip_archive.h"

namespace keras::io {

/// The members' text (JSON) and bytes.
struct KerasArchive {
  std::string metadata;
  std::string config;
  /// The bytes of model.weights.h5 (empty when the archive has none).
  std::vector<char> weights;
};

/// Reads the three members (stored or deflated). IoError naming the file when it is not a zip,
/// is truncated or corrupt, lacks config.json, or a member would expand beyond sanity (zip bomb).
KerasArchive read_keras_archive(const std::string& path);
/// Writes a stored (uncompressed) zip atomically, as Keras does.
void write_keras_archive(const std::string& path, const KerasArchive& archive);

/// `model.save("m.keras")`: config with compile_config, weights and optimizer state.
void save_keras_model(const Model& model, const std::string& path);
/// `keras.models.load_model("m.keras")`: compiled from compile_config when `compile`, with the
/// optimizer state restored.
std::shared_ptr<Model> load_keras_model(const std::string& path, bool compile);
/// `model.load_weights("m.keras")`: the weights only.
void load_keras_weights(Model& model, const std::string& path);

}  // namespace keras::io
