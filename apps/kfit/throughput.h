#pragma once
// Steady-state throughput of fit or evaluate with warm-up batches excluded (as the PyTorch
// peers in bench/ measure it), and the process's peak resident memory.

#include <cstdint>

#include "callbacks/callback.h"

namespace kfit {

class ThroughputMeter : public keras::callbacks::Callback {
 public:
  enum class Phase { train, evaluate };
  /// `samples` and `batch_size` of the phase's data; `warmup` batches at the start are excluded.
  ThroughputMeter(Phase phase, std::int64_t samples, std::int64_t batch_size, std::int64_t warmup);

  void on_epoch_begin(int epoch, const keras::Logs& logs) override;
  void on_train_batch_end(std::int64_t batch, const keras::Logs& logs) override;
  void on_test_begin(const keras::Logs& logs) override;
  void on_test_batch_end(std::int64_t batch, const keras::Logs& logs) override;

  /// Samples per second after warm-up; 0 when there were not enough batches.
  double samples_per_s() const { return seconds_ > 0 ? static_cast<double>(counted_) / seconds_ : 0.0; }

 private:
  void batch_done(std::int64_t batch);

  Phase phase_;
  std::int64_t samples_, batch_size_, warmup_;
  std::int64_t seen_batches_ = 0, counted_ = 0;
  double seconds_ = 0.0, mark_ = 0.0;
};

/// Peak resident set size of this process in MiB.
double peak_rss_mb();

}  // namespace kfit
