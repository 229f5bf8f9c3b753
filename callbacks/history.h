#pragma once
// keras.callbacks.History: records every epoch's logs; fit() returns it.

#include <map>
#include <string>
#include <vector>

#include "callbacks/callback.h"

namespace keras::callbacks {

class History : public Callback {
 public:
  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;

  /// metric name -> one value per epoch (e.g. history["val_loss"]).
  std::map<std::string, std::vector<double>> history;
  /// The (0-based) epoch index of each entry.
  std::vector<int> epoch;
};

}  // namespace keras::callbacks
