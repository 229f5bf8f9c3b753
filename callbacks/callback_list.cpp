#include "callbacks/callback_list.h"

#include "callbacks/progbar_logger.h"

namespace keras::callbacks {

CallbackList::CallbackList(std::vector<CallbackPtr> callbacks, bool add_history, bool add_progbar, Model* model,
                           const CallbackParams& params)
    : callbacks_(std::move(callbacks)) {
  bool has_progbar = false;
  for (const auto& cb : callbacks_) {
    if (auto h = std::dynamic_pointer_cast<History>(cb)) history_ = h;
    if (std::dynamic_pointer_cast<ProgbarLogger>(cb)) has_progbar = true;
  }
  if (!history_ && add_history) {
    history_ = std::make_shared<History>();
    callbacks_.push_back(history_);
  }
  if (!has_progbar && add_progbar) callbacks_.push_back(std::make_shared<ProgbarLogger>());
  for (const auto& cb : callbacks_) {
    cb->set_model(model);
    cb->set_params(params);
  }
}

void CallbackList::on_train_begin(const Logs& l) { for (auto& c : callbacks_) c->on_train_begin(l); }
void CallbackList::on_train_end(const Logs& l) { for (auto& c : callbacks_) c->on_train_end(l); }
void CallbackList::on_epoch_begin(int e, const Logs& l) { for (auto& c : callbacks_) c->on_epoch_begin(e, l); }
void CallbackList::on_epoch_end(int e, Logs& l) {
  for (auto& c : callbacks_) c->add_epoch_logs(e, l);
  for (auto& c : callbacks_) c->on_epoch_end(e, l);
}
void CallbackList::on_train_batch_begin(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_train_batch_begin(b, l);
}
void CallbackList::on_train_batch_end(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_train_batch_end(b, l);
}
void CallbackList::on_test_begin(const Logs& l) { for (auto& c : callbacks_) c->on_test_begin(l); }
void CallbackList::on_test_end(const Logs& l) { for (auto& c : callbacks_) c->on_test_end(l); }
void CallbackList::on_test_batch_begin(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_test_batch_begin(b, l);
}
void CallbackList::on_test_batch_end(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_test_batch_end(b, l);
}
void CallbackList::on_predict_begin(const Logs& l) { for (auto& c : callbacks_) c->on_predict_begin(l); }
void CallbackList::on_predict_end(const Logs& l) { for (auto& c : callbacks_) c->on_predict_end(l); }
void CallbackList::on_predict_batch_begin(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_predict_batch_begin(b, l);
}
void CallbackList::on_predict_batch_end(std::int64_t b, const Logs& l) {
  for (auto& c : callbacks_) c->on_predict_batch_end(b, l);
}

}  // namespace keras::callbacks
