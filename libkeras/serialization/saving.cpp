// keras.saving: load_model / save_model / save_weights / load_weights, dispatched on the file
// name as Keras does, and checked against the content so a misnamed file is named as what it is.

#include "libkeras/serialization/saving.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/compile_config.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/hdf5_file.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/serialization/keras_archive.h"
#include "libkeras/serialization/legacy_h5.h"
#include "libkeras/serialization/weights_store.h"
#include "libkeras/utils/error.h"

namespace keras {

namespace {

enum class Kind { hdf5, zip, other };

bool is_h5_name(const std::string& path) { return path.ends_with(".h5") || path.ends_with(".hdf5"); }

Kind sniff(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw IoError("No such file: '" + path + "'");
  if (std::filesystem::is_directory(path, ec)) {
    throw IoError("'" + path + "' is a directory; expected a .keras, .h5/.hdf5 or .json file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("Cannot open '" + path + "'");
  std::vector<char> head(8, '\0');
  in.read(head.data(), 8);
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (io::H5File::has_signature(head)) return Kind::hdf5;
  if (io::has_zip_signature(head)) return Kind::zip;
  return Kind::other;
}

std::string describe(Kind kind) {
  switch (kind) {
    case Kind::hdf5: return "an HDF5 file (legacy .h5 model or weights)";
    case Kind::zip: return "a zip archive (.keras model)";
    case Kind::other: return "neither an HDF5 file nor a zip archive (empty, truncated or of another kind)";
  }
  return "";
}

[[noreturn]] void wrong_kind(const std::string& path, Kind kind, const std::string& expected) {
  throw IoError("'" + path + "' is " + describe(kind) + ", not " + expected);
}

std::shared_ptr<Model> load_json_model(const std::string& path, bool compile) {
  std::vector<char> bytes = io::read_file(path);
  Json config = parse_json(std::string_view(bytes.data(), bytes.size()), "'" + path + "'");
  std::shared_ptr<Model> model = model_from_config(config, path);
  if (compile && config.is_object() && config.contains("compile_config") && config["compile_config"].is_object()) {
    compile_from_config(*model, config["compile_config"], path);
  }
  return model;
}

// A Keras 3 weight store has `layers/` or `vars/` at the root; a legacy file has layer_names.
bool is_weights_store(const io::H5Group& root) {
  return !root.has_attribute("layer_names") && !root.has_attribute("layer_names0") &&
         !root.has_group("model_weights") && (root.has_group("layers") || root.has_group("vars"));
}

// A config or file whose sizes ask for more memory than there is: corrupt, or not for this machine.
IoError too_large(const std::string& path) {
  return IoError("Cannot load '" + path + "': its layer or weight sizes need more memory than is available "
                 "(corrupt sizes, or a model too large for this machine)");
}

}  // namespace

std::shared_ptr<Model> load_model(const std::string& path, LoadModelOptions options) try {
  Kind kind = sniff(path);
  if (path.ends_with(".json")) {
    if (kind != Kind::other) wrong_kind(path, kind, "a JSON model config");
    return load_json_model(path, options.compile);
  }
  if (path.ends_with(".keras")) {
    if (kind != Kind::zip) wrong_kind(path, kind, "a .keras archive");
    return io::load_keras_model(path, options.compile);
  }
  if (is_h5_name(path) && kind != Kind::hdf5) wrong_kind(path, kind, "an HDF5 (.h5) model file");
  if (kind == Kind::hdf5) return io::load_legacy_model(io::H5File::open(path), options.compile);
  if (kind == Kind::zip) return io::load_keras_model(path, options.compile);
  throw ValueError("File format not supported: '" + path + "'. Keras 3 loads .keras archives, legacy .h5/.hdf5 "
                   "files and .json model configs");
} catch (const std::bad_alloc&) {
  throw too_large(path);
}

void save_model(const Model& model, const std::string& path) {
  if (path.ends_with(".keras")) return io::save_keras_model(model, path);
  if (is_h5_name(path)) return io::save_legacy_model(model, path);
  if (path.ends_with(".json")) {
    std::string text = model_to_config(model).dump();
    return io::write_file_atomic(path, std::vector<char>(text.begin(), text.end()));
  }
  throw ValueError("Invalid filepath extension for saving '" + path + "'. Please add either a `.keras` extension "
                   "for the native Keras format (recommended), a `.h5` extension for the legacy HDF5 format, or "
                   "`.json` for the model config only");
}

void save_weights(const Model& model, const std::string& path) {
  if (path.ends_with(".weights.h5")) {
    io::H5File file = io::H5File::create(path);
    // Keras' save_weights walks the whole model, its built optimizer included.
    io::save_weights_store(model, file.root(), true);
    return file.save(path);
  }
  if (is_h5_name(path)) {
    io::H5File file = io::H5File::create(path);
    io::save_legacy_weights(model, file.root());
    return file.save(path);
  }
  throw ValueError("The filename must end in `.weights.h5` (Keras 3 weights) or `.h5`/`.hdf5` (legacy weights). "
                   "Received: filepath=" + path);
}

void load_weights(Model& model, const std::string& path, LoadWeightsOptions options) try {
  if (path.ends_with(".weights.json")) {
    throw ValueError("'" + path + "': sharded Keras weights (.weights.json) are not supported");
  }
  Kind kind = sniff(path);
  if (path.ends_with(".keras") || (kind == Kind::zip && !is_h5_name(path))) {
    if (kind != Kind::zip) wrong_kind(path, kind, "a .keras archive");
    if (options.by_name) throw ValueError("load_weights('" + path + "'): by_name is only supported for legacy .h5 files");
    return io::load_keras_weights(model, path);
  }
  if (kind != Kind::hdf5) wrong_kind(path, kind, "an HDF5 weights file");
  io::H5File file = io::H5File::open(path);
  io::H5Group root = file.root();
  if (is_weights_store(root)) {
    if (options.by_name) throw ValueError("load_weights('" + path + "'): by_name is only supported for legacy .h5 files");
    // As Keras: a trained (built) optimizer takes the saved state too; a fresh one is left alone.
    return io::load_weights_store(model, root, model.optimizer() && model.optimizer()->built());
  }
  io::load_legacy_weights(model, io::legacy_weights_group(root), {.by_name = options.by_name, .skip_mismatch = options.skip_mismatch, .keras_major = std::nullopt});
} catch (const std::bad_alloc&) {
  throw too_large(path);
}

}  // namespace keras
