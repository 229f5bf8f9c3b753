#include "callbacks/backup_and_restore.h"

#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "libkeras/model/model.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/serialization/json_util.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"

namespace keras::callbacks {

namespace fs = std::filesystem;

namespace {

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

// Through the atomic writer, so an interruption mid-copy leaves the old file whole.
void copy_file(const std::string& from, const std::string& to) { io::write_file_atomic(to, io::read_file(from)); }

void remove_file(const std::string& path) {
  std::error_code ec;
  if (!fs::remove(path, ec) && ec) throw IoError("BackupAndRestore: cannot remove '" + path + "': " + ec.message());
}

int read_epoch(const std::string& path) {
  std::vector<char> bytes = io::read_file(path);
  Json metadata = parse_json(std::string_view(bytes.data(), bytes.size()), "'" + path + "'");
  if (!metadata.is_object() || !metadata.contains("epoch")) {
    throw ValueError("'" + path + "': BackupAndRestore training metadata has no field 'epoch'");
  }
  const Json& epoch = metadata["epoch"];
  if (!epoch.is_number_integer() || epoch.get<std::int64_t>() < 0 ||
      epoch.get<std::int64_t>() > std::numeric_limits<int>::max()) {
    throw ValueError("'" + path + "': field 'epoch' must be a non-negative integer, received " + epoch.dump());
  }
  return static_cast<int>(epoch.get<std::int64_t>());
}

}  // namespace

BackupAndRestore::BackupAndRestore(std::string backup_dir, Options options)
    : backup_dir_(std::move(backup_dir)), options_(std::move(options)) {
  if (backup_dir_.empty()) throw ValueError("Empty `backup_dir` argument passed");
  if (const auto* freq = std::get_if<std::string>(&options_.save_freq)) {
    if (*freq != "epoch") {
      throw ValueError("Invalid value for argument `save_freq`. Received: save_freq=" + *freq +
                       ". Expected either 'epoch' or an integer value.");
    }
  } else {
    save_every_ = std::get<std::int64_t>(options_.save_freq);
    if (save_every_ <= 0) {
      throw ValueError("Invalid value for argument `save_freq`. Received: save_freq=" + std::to_string(save_every_) +
                       ". Expected either 'epoch' or a positive integer value.");
    }
  }
  weights_path_ = (fs::path(backup_dir_) / "latest.weights.h5").string();
  metadata_path_ = (fs::path(backup_dir_) / "training_metadata.json").string();
  prev_weights_path_ = weights_path_ + ".bkp";
  prev_metadata_path_ = metadata_path_ + ".bkp";
}

void BackupAndRestore::on_train_begin(const Logs&) {
  try {
    load_backup();
  } catch (const IoError& latest_error) {
    // As Keras: an unreadable file (not a model mismatch) falls back to the previous backup,
    // which replaces the latest one.
    if (!exists(prev_weights_path_)) throw;
    utils::warn("BackupAndRestore: " + std::string(latest_error.what()) + ". Restoring the previous backup '" +
                prev_weights_path_ + "' instead.");
    copy_file(prev_weights_path_, weights_path_);
    if (exists(prev_metadata_path_)) {
      copy_file(prev_metadata_path_, metadata_path_);
    } else if (exists(metadata_path_)) {
      remove_file(metadata_path_);
    }
    try {
      load_backup();
    } catch (const Error& previous_error) {
      throw IoError("BackupAndRestore cannot restore the backup in '" + backup_dir_ + "': the latest (" +
                    latest_error.what() + ") and the previous one, copied from '" + prev_weights_path_ + "' (" +
                    previous_error.what() + ") are both unreadable");
    }
  }
}

void BackupAndRestore::load_backup() {
  Model& model = *this->model();
  if (exists(weights_path_)) {
    // The optimizer state in the file is only restored into a built optimizer.
    const auto& optimizer = model.optimizer();
    if (optimizer && !optimizer->built()) optimizer->build_for(model.trainable_weights());
    model.load_weights(weights_path_);
  }
  if (exists(metadata_path_)) model.initial_epoch = read_epoch(metadata_path_);
}

void BackupAndRestore::on_epoch_begin(int epoch, const Logs&) { current_epoch_ = epoch; }

void BackupAndRestore::on_epoch_end(int epoch, const Logs&) {
  current_epoch_ = epoch + 1;
  last_batch_seen_ = 0;
  if (save_every_ == 0) save_backup();
}

void BackupAndRestore::on_train_batch_end(std::int64_t batch, const Logs&) {
  if (should_save_on_batch(batch)) save_backup();
}

bool BackupAndRestore::should_save_on_batch(std::int64_t batch) {
  if (save_every_ == 0) return false;
  // Batch indices restart every epoch; count the batches run since the last save across epochs.
  batches_since_save_ += batch <= last_batch_seen_ ? batch + 1 : batch - last_batch_seen_;
  last_batch_seen_ = batch;
  if (batches_since_save_ < save_every_) return false;
  batches_since_save_ = 0;
  return true;
}

void BackupAndRestore::save_backup() {
  std::error_code ec;
  fs::create_directories(backup_dir_, ec);
  if (ec) throw IoError("BackupAndRestore: cannot create backup_dir '" + backup_dir_ + "': " + ec.message());
  if (options_.double_checkpoint) {
    if (exists(weights_path_)) copy_file(weights_path_, prev_weights_path_);
    if (exists(metadata_path_)) copy_file(metadata_path_, prev_metadata_path_);
  }
  model()->save_weights(weights_path_);
  // json.dumps' spacing, so the file is byte for byte what Keras writes.
  const std::string metadata =
      "{\"epoch\": " + std::to_string(current_epoch_) + ", \"batch\": " + std::to_string(last_batch_seen_) + "}";
  io::write_file_atomic(metadata_path_, std::vector<char>(metadata.begin(), metadata.end()));
}

void BackupAndRestore::on_train_end(const Logs&) {
  if (!options_.delete_checkpoint || !exists(backup_dir_)) return;
  std::error_code ec;
  fs::remove_all(backup_dir_, ec);
  if (ec) throw IoError("BackupAndRestore: cannot delete backup_dir '" + backup_dir_ + "': " + ec.message());
}

}  // namespace keras::callbacks
