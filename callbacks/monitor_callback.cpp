#include "callbacks/monitor_callback.h"

#include <cmath>
#include <utility>

#include "libkeras/utils/warnings.h"

namespace keras::callbacks {

MonitorCallback::MonitorCallback(std::string monitor, std::string mode, std::optional<double> baseline,
                                 double min_delta, const std::string& class_name)
    : best_(baseline), monitor_(std::move(monitor)), mode_(std::move(mode)), class_name_(class_name),
      min_delta_(std::abs(min_delta)) {
  if (mode_ != "auto" && mode_ != "min" && mode_ != "max") {
    utils::warn(class_name_ + " mode '" + mode_ + "' is unknown, fallback to auto mode.");
    mode_ = "auto";
  }
}

void MonitorCallback::set_monitor_op() {
  if (mode_ == "min") {
    op_ = Op::less;
  } else if (mode_ == "max") {
    op_ = Op::greater;
  } else {
    std::string name = monitor_.starts_with("val_") ? monitor_.substr(4) : monitor_;
    // Keras asks each compiled metric for its `_direction`; libkeras metrics carry none, so the
    // names of Keras' "up" metrics (accuracy variants, AUC, precision/recall, F-scores, R2, IoU)
    // stand in for it and everything else (losses, errors, crossentropies) is minimised.
    const bool up = name.find("acc") != std::string::npos || name.find("auc") != std::string::npos ||
                    name.find("precision") != std::string::npos || name.find("recall") != std::string::npos ||
                    name.find("f1_score") != std::string::npos || name.find("fbeta") != std::string::npos ||
                    name.find("r2_score") != std::string::npos || name.find("iou") != std::string::npos;
    op_ = name != "loss" && up ? Op::greater : Op::less;
  }
}

bool MonitorCallback::is_improvement(double value, std::optional<double> reference) const {
  if (!reference) return true;
  // Keras negates min_delta for "min" so that one comparison serves both directions.
  if (op_ == Op::less) return value + min_delta_ < *reference;
  return value - min_delta_ > *reference;
}

}  // namespace keras::callbacks
