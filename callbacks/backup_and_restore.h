#pragma once
// keras.callbacks.BackupAndRestore: backs the training state up to `backup_dir` (the weights
// with the optimizer state, and the epoch reached) every epoch or every N batches; a later fit()
// with the same callback restores it and resumes at the saved epoch. Files, as Keras 3 writes them:
//   <backup_dir>/latest.weights.h5           model.save_weights(), optimizer state included
//   <backup_dir>/training_metadata.json      {"epoch": <next epoch>, "batch": <last batch>}
//   <backup_dir>/latest.weights.h5.bkp       with double_checkpoint: the state saved before,
//   <backup_dir>/training_metadata.json.bkp  restored when the latest weights cannot be read.
// A backup taken mid-epoch resumes at the start of that epoch, from the mid-epoch weights (Keras
// records the batch but does not skip the batches already run).

#include <cstdint>
#include <string>
#include <variant>

#include "callbacks/callback.h"

namespace keras::callbacks {

/// BackupAndRestore's arguments and defaults, in Keras' order (backup_dir is the constructor's).
struct BackupAndRestoreOptions {
  /// "epoch", or back up every this many batches (a positive count).
  std::variant<std::string, std::int64_t> save_freq = "epoch";
  /// Keep the previous backup too, as a fallback when the latest weights file is unreadable.
  bool double_checkpoint = false;
  /// Remove `backup_dir` when fit() ends normally.
  bool delete_checkpoint = true;
};

class BackupAndRestore : public Callback {
 public:
  using Options = BackupAndRestoreOptions;

  /// Throws ValueError for an empty backup_dir or a save_freq other than "epoch" or a positive count.
  explicit BackupAndRestore(std::string backup_dir, Options options = {});

  /// Restores an existing backup: weights and optimizer state, and sets the model's initial_epoch.
  /// An unreadable backup is an error naming the file (after trying the `.bkp` pair, if any).
  void on_train_begin(const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;
  void on_train_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_train_end(const Logs& logs) override;

  const std::string& backup_dir() const { return backup_dir_; }

 private:
  void load_backup();
  void save_backup();
  bool should_save_on_batch(std::int64_t batch);

  std::string backup_dir_;
  Options options_;
  std::int64_t save_every_ = 0;  // 0: once per epoch
  std::string weights_path_, metadata_path_, prev_weights_path_, prev_metadata_path_;
  std::int64_t batches_since_save_ = 0;
  std::int64_t last_batch_seen_ = 0;
  int current_epoch_ = 0;
};

}  // namespace keras::callbacks
