#include "libkeras/serialization/keras_archive.h"

#include <zip.h>

#include <cstring>
#include <ctime>
#include <limits>
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
#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

constexpr const char* kConfig = "config.json";
constexpr const char* kMetadata = "metadata.json";
constexpr const char* kWeights = "model.weights.h5";

// saving_lib._reject_zip_bomb, with a lower floor since members are read into memory.
constexpr zip_uint64_t kBombFloorBytes = zip_uint64_t{1} << 28;
constexpr zip_uint64_t kMaxExpansion = 100;
// The JSON members are parsed whole; no model config comes near this.
constexpr zip_uint64_t kMaxJsonBytes = zip_uint64_t{64} << 20;

class Archive {
 public:
  Archive(zip_t* zip) : zip_(zip) {}
  ~Archive() {
    if (zip_) zip_discard(zip_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
  zip_t* get() const { return zip_; }
  zip_t* release() { return std::exchange(zip_, nullptr); }

 private:
  zip_t* zip_;
};

// Owns one reference to a libzip source until released (zip_open_from_source takes it over
// only on success), so every error path frees it.
class Source {
 public:
  explicit Source(zip_source_t* source) : source_(source) {}
  ~Source() {
    if (source_) zip_source_free(source_);
  }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;
  zip_source_t* get() const { return source_; }
  zip_source_t* release() { return std::exchange(source_, nullptr); }

 private:
  zip_source_t* source_;
};

std::string zip_message(zip_error_t* error) {
  std::string out = zip_error_strerror(error);
  zip_error_fini(error);
  return out;
}

// The sizes in a zip directory are the file's word, and a corrupt or hostile one must not become
// a huge allocation: a stored member cannot be larger than the archive, a compressed one cannot
// take more of it than there is, nor expand past saving_lib's ratio.
void check_member_size(const zip_stat_t& st, const char* name, const std::string& path, zip_uint64_t archive_size,
                       zip_uint64_t limit) {
  const std::string member = "member '" + std::string(name) + "'";
  const bool stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
  if (stored && st.size > archive_size) {
    throw IoError("'" + path + "' is corrupt: stored " + member + " declares " + std::to_string(st.size) +
                  " bytes, more than the whole archive (" + std::to_string(archive_size) + ")");
  }
  if (!stored) {
    if (!(st.valid & ZIP_STAT_COMP_SIZE) || st.comp_size > archive_size) {
      throw IoError("'" + path + "' is corrupt: " + member + " declares a compressed size larger than the archive");
    }
    // Divided rather than multiplied, so a huge comp_size cannot wrap the bound.
    if (st.size > kBombFloorBytes && st.size / kMaxExpansion > st.comp_size) {
      throw IoError("Not allowed: " + member + " of '" + path + "' declares " + std::to_string(st.size) +
                    " bytes but only " + std::to_string(st.comp_size) +
                    " are stored; refusing to load a potential decompression bomb");
    }
  }
  if (st.size > limit) {
    throw IoError("'" + path + "': " + member + " declares " + std::to_string(st.size) + " bytes, more than the " +
                  std::to_string(limit) + " allowed for it");
  }
}

std::optional<std::vector<char>> read_member(zip_t* zip, const char* name, const std::string& path,
                                             zip_uint64_t archive_size, zip_uint64_t limit) {
  zip_int64_t index = zip_name_locate(zip, name, 0);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    throw IoError("'" + path + "': cannot read member '" + name + "': " + zip_strerror(zip));
  }
  check_member_size(st, name, path, archive_size, limit);
  zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
  if (!file) throw IoError("'" + path + "': cannot open member '" + name + "': " + zip_strerror(zip));
  std::vector<char> bytes(static_cast<std::size_t>(st.size));
  zip_int64_t got = bytes.empty() ? 0 : zip_fread(file, bytes.data(), bytes.size());
  std::string error = got < 0 ? zip_file_strerror(file) : "";
  zip_fclose(file);
  if (got != static_cast<zip_int64_t>(bytes.size())) {
    throw IoError("'" + path + "': member '" + name + "' is truncated or corrupt" + (error.empty() ? "" : ": " + error));
  }
  return bytes;
}

Json parse_member(const std::string& text, const char* name, const std::string& path) {
  Json out = parse_json(text, "'" + path + "': member '" + name + "'");
  if (!out.is_object()) {
    throw ValueError("'" + path + "': member '" + name + "' is not a JSON object");
  }
  return out;
}

void add_member(zip_t* zip, const char* name, const std::vector<char>& bytes, const std::string& path) {
  zip_source_t* source = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
  zip_int64_t index = source ? zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
  if (index < 0) {
    if (source) zip_source_free(source);
    throw IoError("Cannot add '" + std::string(name) + "' to '" + path + "': " + zip_strerror(zip));
  }
  zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
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

bool has_zip_signature(const std::vector<char>& bytes) {
  return bytes.size() >= 4 && (std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0 || std::memcmp(bytes.data(), "PK\x05\x06", 4) == 0);
}

KerasArchive read_keras_archive(const std::string& path) {
  std::vector<char> bytes = read_file(path);
  if (!has_zip_signature(bytes)) {
    throw IoError("'" + path + "' is not a .keras archive (no zip signature)" +
                  (H5File::has_signature(bytes) ? std::string(": it is an HDF5 file") : std::string()));
  }
  zip_error_t error;
  zip_error_init(&error);
  Source source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
  if (!source.get()) throw IoError("Cannot read '" + path + "': " + zip_message(&error));
  zip_t* opened = zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!opened) {
    throw IoError("'" + path + "' is not a valid .keras archive (truncated or corrupt zip): " + zip_message(&error));
  }
  source.release();  // the archive owns it now
  zip_error_fini(&error);
  Archive zip(opened);
  KerasArchive out;
  const zip_uint64_t size = bytes.size();
  std::optional<std::vector<char>> config = read_member(zip.get(), kConfig, path, size, kMaxJsonBytes);
  if (!config) throw IoError("'" + path + "' is a zip file without config.json: not a .keras archive");
  out.config.assign(config->begin(), config->end());
  if (auto metadata = read_member(zip.get(), kMetadata, path, size, kMaxJsonBytes)) {
    out.metadata.assign(metadata->begin(), metadata->end());
  }
  if (auto weights = read_member(zip.get(), kWeights, path, size, std::numeric_limits<zip_uint64_t>::max())) {
    out.weights = std::move(*weights);
  }
  if (out.weights.empty() && zip_name_locate(zip.get(), "model.weights.npz", 0) >= 0) {
    throw IoError("'" + path + "' stores its weights as model.weights.npz (weights_format=\"npz\"), which is not "
                  "supported; save it with the default h5 weights format");
  }
  return out;
}

void write_keras_archive(const std::string& path, const KerasArchive& archive) {
  zip_error_t error;
  zip_error_init(&error);
  Source owned(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_source_t* buffer = owned.get();
  if (!buffer) throw IoError("Cannot write '" + path + "': " + zip_message(&error));
  zip_t* opened = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!opened) throw IoError("Cannot write '" + path + "': " + zip_message(&error));
  // The archive took over the creation reference; `owned` keeps a second one to read the
  // buffer back after zip_close, and drops it on every path.
  zip_source_keep(buffer);
  zip_error_fini(&error);
  Archive zip(opened);
  std::vector<char> metadata(archive.metadata.begin(), archive.metadata.end());
  std::vector<char> config(archive.config.begin(), archive.config.end());
  add_member(zip.get(), kMetadata, metadata, path);
  add_member(zip.get(), kConfig, config, path);
  add_member(zip.get(), kWeights, archive.weights, path);
  if (zip_close(zip.get()) != 0) throw IoError("Cannot write '" + path + "': " + zip_strerror(zip.get()));
  zip.release();
  std::vector<char> bytes;
  zip_stat_t st;
  bool ok = zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0;
  if (ok) {
    bytes.resize(static_cast<std::size_t>(st.size));
    ok = zip_source_read(buffer, bytes.data(), bytes.size()) == static_cast<zip_int64_t>(bytes.size());
    zip_source_close(buffer);
  }
  if (!ok) throw IoError("Cannot write '" + path + "': the zip could not be assembled");
  write_file_atomic(path, bytes);
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
