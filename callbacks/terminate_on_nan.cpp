#include "callbacks/terminate_on_nan.h"

#include <cmath>
#include <iostream>

#include "libkeras/model/model.h"

namespace keras::callbacks {

void TerminateOnNaN::on_train_batch_end(std::int64_t batch, const Logs& logs) {
  auto it = logs.find("loss");
  if (it == logs.end() || std::isfinite(it->second)) return;
  std::ostream& out = out_ ? *out_ : std::cout;
  out << "Batch " << batch << ": Invalid loss, terminating training" << std::endl;
  model()->stop_training = true;
}

}  // namespace keras::callbacks
