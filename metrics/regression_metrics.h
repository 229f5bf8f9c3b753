#pragma once
// keras.metrics.MeanSquaredError and MeanAbsoluteError (running means of the loss values).

#include "metrics/metric.h"

namespace keras::metrics {

class MeanSquaredError final : public MeanMetricWrapper {
 public:
  explicit MeanSquaredError(std::string name = "mean_squared_error");
  std::string class_name() const override { return "MeanSquaredError"; }
};

class MeanAbsoluteError final : public MeanMetricWrapper {
 public:
  explicit MeanAbsoluteError(std::string name = "mean_absolute_error");
  std::string class_name() const override { return "MeanAbsoluteError"; }
};

}  // namespace keras::metrics
