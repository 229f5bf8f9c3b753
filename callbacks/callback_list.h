#pragma once
// Dispatches each hook to a list of callbacks (Keras CallbackList): the user's callbacks, then
// History and ProgbarLogger when requested and not already given.

#include <memory>
#include <vector>

#include "callbacks/callback.h"
#include "callbacks/history.h"

namespace keras::callbacks {

class CallbackList {
 public:
  CallbackList(std::vector<CallbackPtr> callbacks, bool add_history, bool add_progbar, Model* model,
               const CallbackParams& params);

  /// The History callback in the list (null if none).
  std::shared_ptr<History> history() const { return history_; }

  void on_train_begin(const Logs& logs = {});
  void on_train_end(const Logs& logs = {});
  void on_epoch_begin(int epoch, const Logs& logs = {});
  /// Lets every callback add to `logs` first (add_epoch_logs), then calls on_epoch_end.
  void on_epoch_end(int epoch, Logs& logs);
  void on_train_batch_begin(std::int64_t batch, const Logs& logs = {});
  void on_train_batch_end(std::int64_t batch, const Logs& logs);
  void on_test_begin(const Logs& logs = {});
  void on_test_end(const Logs& logs);
  void on_test_batch_begin(std::int64_t batch, const Logs& logs = {});
  void on_test_batch_end(std::int64_t batch, const Logs& logs);
  void on_predict_begin(const Logs& logs = {});
  void on_predict_end(const Logs& logs = {});
  void on_predict_batch_begin(std::int64_t batch, const Logs& logs = {});
  void on_predict_batch_end(std::int64_t batch, const Logs& logs = {});

 private:
  std::vector<CallbackPtr> callbacks_;
  std::shared_ptr<History> history_;
};

}  // namespace keras::callbacks
