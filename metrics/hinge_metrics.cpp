#include "metrics/hinge_metrics.h"

#include "losses/hinge.h"

namespace keras::metrics {

Hinge::Hinge(std::string name) : MeanMetricWrapper(losses::hinge, std::move(name)) {}

SquaredHinge::SquaredHinge(std::string name) : MeanMetricWrapper(losses::squared_hinge, std::move(name)) {}

CategoricalHinge::CategoricalHinge(std::string name) : MeanMetricWrapper(losses::categorical_hinge, std::move(name)) {}

}  // namespace keras::metrics
