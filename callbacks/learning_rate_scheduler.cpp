#include "callbacks/learning_rate_scheduler.h"

#include <iostream>
#include <utility>

#include "callbacks/py_format.h"
#include "libkeras/model/model.h"

namespace keras::callbacks {

LearningRateScheduler::LearningRateScheduler(Schedule schedule, int verbose, std::ostream* out)
    : schedule_(std::move(schedule)), verbose_(verbose), out_(out) {}

void LearningRateScheduler::on_epoch_begin(int epoch, const Logs&) {
  auto& optimizer = *model()->optimizer();
  const double learning_rate = schedule_(epoch, optimizer.learning_rate());
  optimizer.set_learning_rate(learning_rate);
  if (verbose_ > 0) {
    // Keras prints the schedule's own value, before it is rounded to the float32 variable.
    std::ostream& out = out_ ? *out_ : std::cout;
    out << "\nEpoch " << epoch + 1 << ": LearningRateScheduler setting learning rate to " << py_repr(learning_rate)
        << ".\n";
    out.flush();
  }
}

void LearningRateScheduler::add_epoch_logs(int, Logs& logs) {
  logs["learning_rate"] = model()->optimizer()->learning_rate();
}

}  // namespace keras::callbacks
