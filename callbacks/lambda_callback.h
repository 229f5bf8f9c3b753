#pragma once
// keras.callbacks.LambdaCallback: a callback built from plain functions, one per hook; a hook
// left empty does nothing.

#include <cstdint>
#include <functional>
#include <utility>

#include "callbacks/callback.h"

namespace keras::callbacks {

/// The hooks Keras' LambdaCallback names (epoch, train batch, train) plus the others its
/// **kwargs accept. Outside the class so that `= {}` default arguments work.
struct LambdaCallbackOptions {
  using EpochHook = std::function<void(int epoch, const Logs& logs)>;
  using BatchHook = std::function<void(std::int64_t batch, const Logs& logs)>;
  using LogsHook = std::function<void(const Logs& logs)>;

  EpochHook on_epoch_begin = {};
  EpochHook on_epoch_end = {};
  LogsHook on_train_begin = {};
  LogsHook on_train_end = {};
  BatchHook on_train_batch_begin = {};
  BatchHook on_train_batch_end = {};
  LogsHook on_test_begin = {};
  LogsHook on_test_end = {};
  BatchHook on_test_batch_begin = {};
  BatchHook on_test_batch_end = {};
  LogsHook on_predict_begin = {};
  LogsHook on_predict_end = {};
  BatchHook on_predict_batch_begin = {};
  BatchHook on_predict_batch_end = {};
};

class LambdaCallback : public Callback {
 public:
  using Options = LambdaCallbackOptions;

  explicit LambdaCallback(Options options = {}) : hooks_(std::move(options)) {}

  void on_train_begin(const Logs& l) override { call(hooks_.on_train_begin, l); }
  void on_train_end(const Logs& l) override { call(hooks_.on_train_end, l); }
  void on_epoch_begin(int e, const Logs& l) override { call(hooks_.on_epoch_begin, e, l); }
  void on_epoch_end(int e, const Logs& l) override { call(hooks_.on_epoch_end, e, l); }
  void on_train_batch_begin(std::int64_t b, const Logs& l) override { call(hooks_.on_train_batch_begin, b, l); }
  void on_train_batch_end(std::int64_t b, const Logs& l) override { call(hooks_.on_train_batch_end, b, l); }
  void on_test_begin(const Logs& l) override { call(hooks_.on_test_begin, l); }
  void on_test_end(const Logs& l) override { call(hooks_.on_test_end, l); }
  void on_test_batch_begin(std::int64_t b, const Logs& l) override { call(hooks_.on_test_batch_begin, b, l); }
  void on_test_batch_end(std::int64_t b, const Logs& l) override { call(hooks_.on_test_batch_end, b, l); }
  void on_predict_begin(const Logs& l) override { call(hooks_.on_predict_begin, l); }
  void on_predict_end(const Logs& l) override { call(hooks_.on_predict_end, l); }
  void on_predict_batch_begin(std::int64_t b, const Logs& l) override { call(hooks_.on_predict_batch_begin, b, l); }
  void on_predict_batch_end(std::int64_t b, const Logs& l) override { call(hooks_.on_predict_batch_end, b, l); }

 private:
  template <typename F, typename... Args>
  static void call(const F& f, const Args&... args) {
    if (f) f(args...);
  }

  Options hooks_;
};

}  // namespace keras::callbacks
