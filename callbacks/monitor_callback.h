#pragma once
// Keras 3's MonitorCallback: the shared "is this value better than the best so far" logic of
// EarlyStopping and ModelCheckpoint (keras/src/callbacks/monitor_callback.py).

#include <optional>
#include <string>

#include "callbacks/callback.h"

namespace keras::callbacks {

class MonitorCallback : public Callback {
 public:
  /// `mode`: "auto", "min" or "max"; anything else warns and falls back to "auto".
  MonitorCallback(std::string monitor, std::string mode, std::optional<double> baseline, double min_delta,
                  const std::string& class_name);

  const std::string& monitor() const { return monitor_; }
  const std::string& mode() const { return mode_; }
  /// The best value seen so far (starts at the baseline / initial threshold).
  std::optional<double> best() const { return best_; }

 protected:
  /// Resolves min/max the first time it is needed, when the model's metrics exist.
  void set_monitor_op();
  bool monitor_op_set() const { return op_ != Op::none; }
  /// monitor_op(value - min_delta, reference); true when there is no reference yet.
  bool is_improvement(double value, std::optional<double> reference) const;

  std::optional<double> best_;

 private:
  enum class Op { none, less, greater };
  std::string monitor_, mode_, class_name_;
  double min_delta_;
  Op op_ = Op::none;
};

}  // namespace keras::callbacks
