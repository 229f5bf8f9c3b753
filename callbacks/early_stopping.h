#pragma once
// keras.callbacks.EarlyStopping: stops fit() once the monitored value has not improved for
// `patience` epochs, optionally putting back the weights of the best epoch.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/monitor_callback.h"
#include "libkeras/tensor/tensor.h"

namespace keras::callbacks {

/// EarlyStopping's arguments and defaults, in Keras' order. Outside the class
/// so that `= {}` default arguments can use its member initialisers.
struct EarlyStoppingOptions {
  std::string monitor = "val_loss";
  double min_delta = 0.0;
  int patience = 0;
  int verbose = 0;
  std::string mode = "auto";
  std::optional<double> baseline = std::nullopt;
  bool restore_best_weights = false;
  int start_from_epoch = 0;
  /// Where verbose messages go (default stdout).
  std::ostream* out = nullptr;
};

class EarlyStopping : public MonitorCallback {
 public:
  using Options = EarlyStoppingOptions;

  explicit EarlyStopping(Options options = {});

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;
  void on_train_end(const Logs& logs) override;

  /// Epochs since the last improvement.
  int wait() const { return wait_; }
  /// The (0-based) epoch training stopped at; 0 when it was not stopped.
  int stopped_epoch() const { return stopped_epoch_; }
  /// The (0-based) epoch with the best monitored value.
  int best_epoch() const { return best_epoch_; }

 private:
  Options options_;
  int wait_ = 0;
  int stopped_epoch_ = 0;
  int best_epoch_ = 0;
  std::optional<std::vector<Tensor>> best_weights_;
};

}  // namespace keras::callbacks
