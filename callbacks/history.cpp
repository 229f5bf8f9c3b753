#include "callbacks/history.h"

namespace keras::callbacks {

void History::on_train_begin(const Logs&) { epoch.clear(); }

void History::on_epoch_end(int e, const Logs& logs) {
  epoch.push_back(e);
  for (const auto& [key, value] : logs) history[key].push_back(value);
}

}  // namespace keras::callbacks
