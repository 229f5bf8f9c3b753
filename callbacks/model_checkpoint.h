#pragma once
// keras.callbacks.ModelCheckpoint: saves the model (or its weights) every epoch or every N
// batches, optionally only when the monitored value improves. The path is a Python format
// string: "ckpt-{epoch:02d}-{val_loss:.2f}.keras" (epoch is 1-based; any log key may appear).

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>

#include "callbacks/monitor_callback.h"

namespace keras::callbacks {

/// ModelCheckpoint's arguments and defaults, in Keras' order (filepath is the constructor's first).
/// Outside the class so that `= {}` default arguments can use its member initialisers.
struct ModelCheckpointOptions {
  std::string monitor = "val_loss";
  int verbose = 0;
  bool save_best_only = false;
  bool save_weights_only = false;
  std::string mode = "auto";
  /// "epoch", or save every this many batches.
  std::variant<std::string, std::int64_t> save_freq = "epoch";
  std::optional<double> initial_value_threshold = std::nullopt;
  /// Where verbose messages go (default stdout).
  std::ostream* out = nullptr;
};

class ModelCheckpoint : public MonitorCallback {
 public:
  using Options = ModelCheckpointOptions;

  /// Throws ValueError for a bad save_freq or a filepath without the right extension:
  /// `.weights.h5` with save_weights_only, else `.keras` or `.h5`.
  explicit ModelCheckpoint(std::string filepath, Options options = {});

  void on_train_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;

  const std::string& filepath() const { return filepath_; }

 private:
  bool should_save_on_batch(std::int64_t batch);
  void save_model(int epoch, std::optional<std::int64_t> batch, const Logs& logs);
  bool should_save_model(int epoch, const Logs& logs, const std::string& path);
  std::string file_path(int epoch, std::optional<std::int64_t> batch, const Logs& logs) const;

  std::string filepath_;
  Options options_;
  bool per_epoch_ = true;
  std::int64_t save_every_ = 0;
  std::int64_t batches_since_save_ = 0;
  std::int64_t last_batch_seen_ = 0;
  int current_epoch_ = 0;
};

}  // namespace keras::callbacks
