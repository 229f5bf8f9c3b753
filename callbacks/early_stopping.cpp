#include "callbacks/early_stopping.h"

#include <iostream>

#include "libkeras/model/model.h"
#include "libkeras/utils/warnings.h"

namespace keras::callbacks {

EarlyStopping::EarlyStopping(Options options)
    // Keras passes no baseline to MonitorCallback: `best` starts empty and the baseline only
    // gates the reset of `wait`.
    : MonitorCallback(options.monitor, options.mode, std::nullopt, options.min_delta, "EarlyStopping"),
      options_(std::move(options)) {}

void EarlyStopping::on_train_begin(const Logs&) {
  // Reset so that one instance can serve several fit() calls, as in Keras.
  wait_ = 0;
  stopped_epoch_ = 0;
  best_weights_.reset();
  best_epoch_ = 0;
}

void EarlyStopping::on_epoch_end(int epoch, const Logs& logs) {
  if (!monitor_op_set()) set_monitor_op();
  auto it = logs.find(monitor());
  if (it == logs.end()) {
    std::string keys;
    for (const auto& [k, v] : logs) keys += (keys.empty() ? "" : ",") + k;
    utils::warn("Early stopping conditioned on metric `" + monitor() +
                "` which is not available. Available metrics are: " + keys);
    return;
  }
  if (epoch < options_.start_from_epoch) return;
  const double current = it->second;
  if (options_.restore_best_weights && !best_weights_) {
    // Until something improves, the first monitored epoch's weights are the best.
    best_weights_ = model()->get_weights();
    best_epoch_ = epoch;
  }
  ++wait_;
  if (is_improvement(current, best_)) {
    best_ = current;
    best_epoch_ = epoch;
    if (options_.restore_best_weights) best_weights_ = model()->get_weights();
    // Only restart the wait when the value beats both the baseline and the previous best.
    if (!options_.baseline || is_improvement(current, options_.baseline)) wait_ = 0;
    return;
  }
  if (wait_ >= options_.patience && epoch > 0) {
    stopped_epoch_ = epoch;
    model()->stop_training = true;
  }
}

void EarlyStopping::on_train_end(const Logs&) {
  std::ostream& out = options_.out ? *options_.out : std::cout;
  if (stopped_epoch_ > 0 && options_.verbose > 0) out << "Epoch " << stopped_epoch_ + 1 << ": early stopping\n";
  if (options_.restore_best_weights && best_weights_) {
    if (options_.verbose > 0) {
      out << "Restoring model weights from the end of the best epoch: " << best_epoch_ + 1 << ".\n";
    }
    model()->set_weights(*best_weights_);
  }
  out.flush();
}

}  // namespace keras::callbacks
