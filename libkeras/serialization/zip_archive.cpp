#include "libkeras/serialization/zip_archive.h"

#include <zip.h>

#include <cstring>
#include <utility>

#include "libkeras/utils/error.h"

namespace keras::io {

namespace {

// saving_lib._reject_zip_bomb, with a lower floor since members are read into memory.
constexpr zip_uint64_t kBombFloorBytes = zip_uint64_t{1} << 28;
constexpr zip_uint64_t kMaxExpansion = 100;

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

class Archive {
 public:
  explicit Archive(zip_t* zip) : zip_(zip) {}
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

std::string zip_message(zip_error_t* error) {
  std::string out = zip_error_strerror(error);
  zip_error_fini(error);
  return out;
}

// A stored member cannot be larger than the archive, a compressed one cannot take more of it
// than there is, nor expand past saving_lib's ratio.
void check_member_size(const zip_stat_t& st, const std::string& name, const std::string& path,
                       zip_uint64_t archive_size, zip_uint64_t limit) {
  const std::string member = "member '" + name + "'";
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

}  // namespace

bool has_zip_signature(const std::vector<char>& bytes) {
  return bytes.size() >= 4 &&
         (std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0 || std::memcmp(bytes.data(), "PK\x05\x06", 4) == 0);
}

ZipReader::ZipReader(std::vector<char> bytes, const std::string& path) : bytes_(std::move(bytes)), path_(path) {
  zip_error_t error;
  zip_error_init(&error);
  Source source(zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error));
  if (!source.get()) throw IoError("Cannot read '" + path_ + "': " + zip_message(&error));
  zip_t* opened = zip_open_from_source(source.get(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!opened) {
    throw IoError("'" + path_ + "' is not a valid zip archive (truncated or corrupt): " + zip_message(&error));
  }
  source.release();  // the archive owns it now
  zip_error_fini(&error);
  zip_ = opened;
}

ZipReader::~ZipReader() {
  if (zip_) zip_discard(static_cast<zip_t*>(zip_));
}

std::vector<std::string> ZipReader::names() const {
  auto* zip = static_cast<zip_t*>(zip_);
  std::vector<std::string> out;
  const zip_int64_t entries = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
    if (!name) throw IoError("'" + path_ + "': cannot read entry " + std::to_string(i) + ": " + zip_strerror(zip));
    out.emplace_back(name);
  }
  return out;
}

bool ZipReader::contains(const std::string& name) const {
  return zip_name_locate(static_cast<zip_t*>(zip_), name.c_str(), 0) >= 0;
}

std::optional<std::vector<char>> ZipReader::read(const std::string& name, std::uint64_t limit) const {
  auto* zip = static_cast<zip_t*>(zip_);
  zip_int64_t index = zip_name_locate(zip, name.c_str(), 0);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    throw IoError("'" + path_ + "': cannot read member '" + name + "': " + zip_strerror(zip));
  }
  check_member_size(st, name, path_, bytes_.size(), limit);
  zip_file_t* file = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
  if (!file) throw IoError("'" + path_ + "': cannot open member '" + name + "': " + zip_strerror(zip));
  std::vector<char> bytes(static_cast<std::size_t>(st.size));
  zip_int64_t got = bytes.empty() ? 0 : zip_fread(file, bytes.data(), bytes.size());
  std::string error = got < 0 ? zip_file_strerror(file) : "";
  zip_fclose(file);
  if (got != static_cast<zip_int64_t>(bytes.size())) {
    throw IoError("'" + path_ + "': member '" + name + "' is truncated or corrupt" +
                  (error.empty() ? "" : ": " + error));
  }
  return bytes;
}

std::vector<char> stored_zip(const std::vector<std::pair<std::string, const std::vector<char>*>>& members,
                             const std::string& path) {
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
  for (const auto& [name, bytes] : members) {
    zip_source_t* source = zip_source_buffer(zip.get(), bytes->data(), bytes->size(), 0);
    zip_int64_t index = source ? zip_file_add(zip.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      throw IoError("Cannot add '" + name + "' to '" + path + "': " + zip_strerror(zip.get()));
    }
    zip_set_file_compression(zip.get(), static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  if (zip_close(zip.get()) != 0) throw IoError("Cannot write '" + path + "': " + zip_strerror(zip.get()));
  zip.release();
  std::vector<char> out;
  zip_stat_t st;
  bool ok = zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0;
  if (ok) {
    out.resize(static_cast<std::size_t>(st.size));
    ok = zip_source_read(buffer, out.data(), out.size()) == static_cast<zip_int64_t>(out.size());
    zip_source_close(buffer);
  }
  if (!ok) throw IoError("Cannot write '" + path + "': the zip could not be assembled");
  return out;
}

}  // namespace keras::io
