#include "apps/kfit/throughput.h"

#include <sys/resource.h>

#include <algorithm>

#include "libkeras/utils/progbar.h"

namespace kfit {

ThroughputMeter::ThroughputMeter(Phase phase, std::int64_t samples, std::int64_t batch_size, std::int64_t warmup)
    : phase_(phase), samples_(samples), batch_size_(batch_size), warmup_(warmup) {}

void ThroughputMeter::batch_done(std::int64_t batch) {
  double now = keras::utils::monotonic_seconds();
  if (seen_batches_ >= warmup_) {
    seconds_ += now - mark_;
    counted_ += std::min(batch_size_, samples_ - batch * batch_size_);
  }
  ++seen_batches_;
  mark_ = now;
}

// Validation between epochs is not training time: each epoch restarts the clock.
void ThroughputMeter::on_epoch_begin(int, const keras::Logs&) { mark_ = keras::utils::monotonic_seconds(); }

void ThroughputMeter::on_train_batch_end(std::int64_t batch, const keras::Logs&) {
  if (phase_ == Phase::train) batch_done(batch);
}

void ThroughputMeter::on_test_begin(const keras::Logs&) { mark_ = keras::utils::monotonic_seconds(); }

void ThroughputMeter::on_test_batch_end(std::int64_t batch, const keras::Logs&) {
  if (phase_ == Phase::evaluate) batch_done(batch);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace kfit
