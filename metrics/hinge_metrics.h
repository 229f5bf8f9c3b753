#pragma once
// keras.metrics Hinge, SquaredHinge and CategoricalHinge: running means of the hinge losses.

#include "metrics/metric.h"

namespace keras::metrics {

class Hinge final : public MeanMetricWrapper {
 public:
  explicit Hinge(std::string name = "hinge");
  std::string class_name() const override { return "Hinge"; }
};

class SquaredHinge final : public MeanMetricWrapper {
 public:
  explicit SquaredHinge(std::string name = "squared_hinge");
  std::string class_name() const override { return "SquaredHinge"; }
};

class CategoricalHinge final : public MeanMetricWrapper {
 public:
  explicit CategoricalHinge(std::string name = "categorical_hinge");
  std::string class_name() const override { return "CategoricalHinge"; }
};

}  // namespace keras::metrics
