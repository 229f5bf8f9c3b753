#pragma once
// keras.callbacks.TerminateOnNaN: stops fit() after the first batch whose loss is NaN or inf.

#include <iosfwd>

#include "callbacks/callback.h"

namespace keras::callbacks {

class TerminateOnNaN : public Callback {
 public:
  /// The message goes to `out` (default stdout).
  explicit TerminateOnNaN(std::ostream* out = nullptr) : out_(out) {}

  void on_train_batch_end(std::int64_t batch, const Logs& logs) override;

 private:
  std::ostream* out_;
};

}  // namespace keras::callbacks
