#pragma once
// keras.callbacks.LearningRateScheduler: at the start of every epoch sets the optimizer's
// learning rate to schedule(epoch, current_rate).

#include <functional>
#include <iosfwd>

#include "callbacks/callback.h"

namespace keras::callbacks {

class LearningRateScheduler : public Callback {
 public:
  /// `epoch` is 0-based; `lr` is the optimizer's current (float32) rate widened to double.
  using Schedule = std::function<double(int epoch, double lr)>;

  /// `out`: where verbose messages go (default stdout).
  explicit LearningRateScheduler(Schedule schedule, int verbose = 0, std::ostream* out = nullptr);

  void on_epoch_begin(int epoch, const Logs& logs) override;
  /// Adds "learning_rate" to the epoch logs so that History records it.
  void add_epoch_logs(int epoch, Logs& logs) override;

 private:
  Schedule schedule_;
  int verbose_;
  std::ostream* out_;
};

}  // namespace keras::callbacks
