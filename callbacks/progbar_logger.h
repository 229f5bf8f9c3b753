#pragma once
// keras.callbacks.ProgbarLogger: the progress bar of fit/evaluate/predict (added by them when
// verbose != 0). Validation inside fit is silent; its metrics join the epoch's final line.

#include <iosfwd>
#include <memory>

#include "callbacks/callback.h"
#include "libkeras/utils/progbar.h"

namespace keras::callbacks {

class ProgbarLogger : public Callback {
 public:
  /// Output goes to `out` (default stdout); `clock` is for tests.
  explicit ProgbarLogger(std::ostream* out = nullptr, utils::Progbar::Clock clock = {});

  void set_params(const CallbackParams& params) override;
  void on_train_begin(const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;
  void on_train_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_test_begin(const Logs& logs) override;
  void on_test_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_test_end(const Logs& logs) override;
  void on_predict_begin(const Logs& logs) override;
  void on_predict_batch_end(std::int64_t batch, const Logs& logs) override;
  void on_predict_end(const Logs& logs) override;

 private:
  void reset();
  void update(std::int64_t batch, const Logs& logs);
  void finalize(const Logs& logs);

  std::ostream* out_;
  utils::Progbar::Clock clock_;
  std::unique_ptr<utils::Progbar> progbar_;
  std::int64_t seen_ = 0;
  std::optional<std::int64_t> target_;
  int verbose_ = 1;
  int epochs_ = 1;
  bool called_in_fit_ = false;
};

}  // namespace keras::callbacks
