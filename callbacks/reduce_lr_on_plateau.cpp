#include "callbacks/reduce_lr_on_plateau.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include "callbacks/py_format.h"
#include "libkeras/model/model.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/warnings.h"

namespace keras::callbacks {

ReduceLROnPlateau::ReduceLROnPlateau(Options options)
    : MonitorCallback(options.monitor, options.mode, std::nullopt, options.min_delta, "ReduceLROnPlateau"),
      options_(std::move(options)) {
  if (options_.factor >= 1.0) {
    throw ValueError("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" +
                     py_repr(options_.factor));
  }
}

void ReduceLROnPlateau::on_train_begin(const Logs&) {
  // Keras resets only the counters: `best` carries over into a later fit() call.
  cooldown_counter_ = 0;
  wait_ = 0;
}

// The rate the epoch ran with, logged before any reduction (as Keras does).
void ReduceLROnPlateau::add_epoch_logs(int, Logs& logs) {
  logs["learning_rate"] = model()->optimizer()->learning_rate();
}

void ReduceLROnPlateau::on_epoch_end(int epoch, const Logs& logs) {
  if (!monitor_op_set()) set_monitor_op();
  auto& optimizer = *model()->optimizer();
  auto it = logs.find(monitor());
  if (it == logs.end()) {
    std::string keys;
    for (const auto& [k, v] : logs) keys += (keys.empty() ? "" : ",") + k;
    utils::warn("Learning rate reduction is conditioned on metric `" + monitor() +
                "` which is not available. Available metrics are: " + keys + ".");
    return;
  }
  const double current = it->second;
  if (in_cooldown()) {
    --cooldown_counter_;
    wait_ = 0;
  }
  if (is_improvement(current, best_)) {
    best_ = current;
    wait_ = 0;
    return;
  }
  if (in_cooldown()) return;
  if (++wait_ < options_.patience) return;
  // The rate is a float32 variable in Keras: compare and scale its float64 widening.
  const double old_lr = optimizer.learning_rate();
  if (old_lr <= static_cast<float>(options_.min_lr)) return;
  const double new_lr = std::max(old_lr * options_.factor, options_.min_lr);
  optimizer.set_learning_rate(new_lr);
  if (options_.verbose > 0) {
    std::ostream& out = options_.out ? *options_.out : std::cout;
    out << "\nEpoch " << epoch + 1 << ": ReduceLROnPlateau reducing learning rate to " << py_repr(new_lr) << ".\n";
    out.flush();
  }
  cooldown_counter_ = options_.cooldown;
  wait_ = 0;
}

}  // namespace keras::callbacks
