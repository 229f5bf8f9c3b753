#include "libkeras/serialization/keras_archive.h"

#include <ctime>
#include <optional>
#include <utility>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/serialization/legacy_h5.h"
#include "libkeras/serialization/saving.h"
#include "libkeras/serialization/weights_store.h"
#include "libkeras/serialization/zip_archive.h"
#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

constexpr const char* kConfig = "config.json";
constexpr const char* kMetadata = "metadata.json";
constexpr const char* kWeights = "model.weights.h5";

// The JSON members are parsed whole; no model config comes near this.
constexpr std::uint64_t kMaxJsonBytes = std::uint64_t{64} << 20;

Json parse_member(const std::string& text, const char* name, const std::string& path) {
  Json out = parse_json(text, "'" + path + "': member '" + name + "'");
  if (!out.is_object()) {
    throw ValueError("'" + path + "': member '" + name + "' is not a JSON object");
  }
  return out;
}

std::string date_saved() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d@%H:%M:%S", &local);
  return buffer;
}

}  // namespace

KerasArchive read_keras_archive(const std::string& path) {
  std::vector<char> bytes = read_file(path);
  if (!has_zip_signature(bytes)) {
    throw IoError("'" + path + "' is not a .keras archive (no zip signature)" +
                  (H5File::has_signature(bytes) ? std::string(": it is an HDF5 file") : std::string()));
  }
  ZipReader zip(std::move(bytes), path);
  KerasArchive out;
  std::optional<std::vector<char>> config = zip.read(kConfig, kMaxJsonBytes);
  if (!config) throw IoError("'" + path + "' is a zip file without config.json: not a .keras archive");
  out.config.assign(config->begin(), config->end());
  if (auto metadata = zip.read(kMetadata, kMaxJsonBytes)) out.metadata.assign(metadata->begin(), metadata->end());
  if (auto weights = zip.read(kWeights)) out.weights = std::move(*weights);
  if (out.weights.empty() && zip.contains("model.weights.npz")) {
    throw IoError("'" + path + "' stores its weights as model.weights.npz (weights_format=\"npz\"), which is not "
                  "supported; save it with the default h5 weights format");
  }
  return out;
}

void write_keras_archive(const std::string& path, const KerasArchive& archive) {
  std::vector<char> metadata(archive.metadata.begin(), archive.metadata.end());
  std::vector<char> config(archive.config.begin(), archive.config.end());
  write_file_atomic(path, stored_zip({{kMetadata, &metadata}, {kConfig, &config}, {kWeights, &archive.weights}}, path));
}

void save_keras_model(const Model& model, const std::string& path) {
  KerasArchive archive;
  archive.metadata = Json{{"keras_version", kWrittenKerasVersion}, {"date_saved", date_saved()}}.dump();
  archive.config = model_to_config(model).dump();
  H5File weights = H5File::create(path + "/" + kWeights);
  save_weights_store(model, weights.root(), true);
  archive.weights = weights.image();
  write_keras_archive(path, archive);
}

std::shared_ptr<Model> load_keras_model(const std::string& path, bool compile) {
  KerasArchive archive = read_keras_archive(path);
  Json config = parse_member(archive.config, kConfig, path);
  std::shared_ptr<Model> model = model_from_config(config, path);
  const Json* compile_json = config.contains("compile_config") ? &config["compile_config"] : nullptr;
  if (compile && compile_json && compile_json->is_object()) compile_from_config(*model, *compile_json, path);
  if (archive.weights.empty()) throw IoError("'" + path + "' has no model.weights.h5 member");
  H5File weights = H5File::open_image(archive.weights, path + "/" + kWeights);
  load_weights_store(*model, weights.root(), compile);
  return model;
}

void load_keras_weights(Model& model, const std::string& path) {
  KerasArchive archive = read_keras_archive(path);
  if (archive.weights.empty()) throw IoError("'" + path + "' has no model.weights.h5 member");
  H5File weights = H5File::open_image(archive.weights, path + "/" + kWeights);
  load_weights_store(model, weights.root(), false);
}

}  // namespace keras::io
