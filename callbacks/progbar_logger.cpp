#include "callbacks/progbar_logger.h"

#include <iostream>

namespace keras::callbacks {

namespace {

std::vector<std::pair<std::string, double>> as_values(const Logs& logs) { return {logs.begin(), logs.end()}; }

}  // namespace

ProgbarLogger::ProgbarLogger(std::ostream* out, utils::Progbar::Clock clock)
    : out_(out ? out : &std::cout), clock_(std::move(clock)) {}

void ProgbarLogger::set_params(const CallbackParams& params) {
  Callback::set_params(params);
  verbose_ = params.verbose;
  epochs_ = params.epochs;
  target_ = params.steps;
}

void ProgbarLogger::reset() {
  seen_ = 0;
  progbar_ = std::make_unique<utils::Progbar>(target_, utils::Progbar::Options{.verbose = verbose_}, out_, clock_);
}

void ProgbarLogger::on_train_begin(const Logs&) { called_in_fit_ = true; }

void ProgbarLogger::on_epoch_begin(int epoch, const Logs&) {
  reset();
  if (verbose_ && epochs_ > 1) *out_ << "Epoch " << epoch + 1 << "/" << epochs_ << "\n" << std::flush;
}

void ProgbarLogger::on_epoch_end(int, const Logs& logs) { finalize(logs); }

void ProgbarLogger::on_train_batch_end(std::int64_t batch, const Logs& logs) { update(batch, logs); }

void ProgbarLogger::on_test_begin(const Logs&) {
  if (!called_in_fit_) reset();
}

void ProgbarLogger::on_test_batch_end(std::int64_t batch, const Logs& logs) {
  if (!called_in_fit_) update(batch, logs);
}

void ProgbarLogger::on_test_end(const Logs& logs) {
  if (!called_in_fit_) finalize(logs);
}

void ProgbarLogger::on_predict_begin(const Logs&) { reset(); }

void ProgbarLogger::on_predict_batch_end(std::int64_t batch, const Logs&) { update(batch, {}); }

void ProgbarLogger::on_predict_end(const Logs& logs) { finalize(logs); }

void ProgbarLogger::update(std::int64_t batch, const Logs& logs) {
  if (!progbar_) reset();
  seen_ = batch + 1;
  if (verbose_ == 1) progbar_->update(seen_, as_values(logs), false);
}

void ProgbarLogger::finalize(const Logs& logs) {
  if (!progbar_) reset();
  if (!target_) {
    target_ = seen_;
    progbar_->set_target(seen_);
  }
  progbar_->update(*target_, as_values(logs), true);
}

}  // namespace keras::callbacks
