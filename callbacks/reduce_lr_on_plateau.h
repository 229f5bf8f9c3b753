#pragma once
// keras.callbacks.ReduceLROnPlateau: multiplies the optimizer's learning rate by `factor` once the
// monitored value has not improved for `patience` epochs, then rests for `cooldown` epochs.

#include <iosfwd>
#include <string>

#include "callbacks/monitor_callback.h"

namespace keras::callbacks {

/// ReduceLROnPlateau's arguments and defaults, in Keras' order. Outside the class so that `= {}`
/// default arguments can use its member initialisers.
struct ReduceLROnPlateauOptions {
  std::string monitor = "val_loss";
  double factor = 0.1;
  int patience = 10;
  int verbose = 0;
  std::string mode = "auto";
  double min_delta = 1e-4;
  int cooldown = 0;
  double min_lr = 0.0;
  /// Where verbose messages go (default stdout).
  std::ostream* out = nullptr;
};

class ReduceLROnPlateau : public MonitorCallback {
 public:
  using Options = ReduceLROnPlateauOptions;

  /// Throws ValueError for factor >= 1, as Keras does.
  explicit ReduceLROnPlateau(Options options = {});

  void on_train_begin(const Logs& logs) override;
  /// Adds "learning_rate" to the epoch logs (so History records it) and reduces the rate.
  void add_epoch_logs(int epoch, Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;

  /// Epochs without improvement since the last reduction or improvement.
  int wait() const { return wait_; }
  /// Epochs of cooldown left.
  int cooldown_counter() const { return cooldown_counter_; }
  bool in_cooldown() const { return cooldown_counter_ > 0; }

 private:
  Options options_;
  int wait_ = 0;
  int cooldown_counter_ = 0;
};

}  // namespace keras::callbacks
