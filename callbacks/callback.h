#pragma once
// keras.callbacks.Callback: subclass and override any hook; fit/evaluate/predict call them.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "libkeras/model/logs.h"

namespace keras {
class Model;
}

namespace keras::callbacks {

/// What fit/evaluate/predict tell callbacks (Keras callback.params).
struct CallbackParams {
  int verbose = 1;
  int epochs = 1;
  std::optional<std::int64_t> steps;
};

class Callback {
 public:
  virtual ~Callback() = default;

  virtual void set_model(Model* model) { model_ = model; }
  Model* model() const { return model_; }
  virtual void set_params(const CallbackParams& params) { params_ = params; }
  const CallbackParams& params() const { return params_; }

  virtual void on_train_begin(const Logs&) {}
  virtual void on_train_end(const Logs&) {}
  virtual void on_epoch_begin(int /*epoch*/, const Logs&) {}
  /// Values this callback puts into the epoch's logs (Keras callbacks write into the logs dict),
  /// added before any callback's on_epoch_end sees them.
  virtual void add_epoch_logs(int /*epoch*/, Logs&) {}
  virtual void on_epoch_end(int /*epoch*/, const Logs&) {}
  virtual void on_train_batch_begin(std::int64_t /*batch*/, const Logs&) {}
  virtual void on_train_batch_end(std::int64_t /*batch*/, const Logs&) {}
  virtual void on_test_begin(const Logs&) {}
  virtual void on_test_end(const Logs&) {}
  virtual void on_test_batch_begin(std::int64_t /*batch*/, const Logs&) {}
  virtual void on_test_batch_end(std::int64_t /*batch*/, const Logs&) {}
  virtual void on_predict_begin(const Logs&) {}
  virtual void on_predict_end(const Logs&) {}
  virtual void on_predict_batch_begin(std::int64_t /*batch*/, const Logs&) {}
  virtual void on_predict_batch_end(std::int64_t /*batch*/, const Logs&) {}

 private:
  Model* model_ = nullptr;
  CallbackParams params_;
};

using CallbackPtr = std::shared_ptr<Callback>;

}  // namespace keras::callbacks
