#include "metrics/regression_metrics.h"

#include "losses/regression.h"

namespace keras::metrics {

MeanSquaredError::MeanSquaredError(std::string name)
    : MeanMetricWrapper(losses::mean_squared_error, std::move(name)) {}

MeanAbsoluteError::MeanAbsoluteError(std::string name)
    : MeanMetricWrapper(losses::mean_absolute_error, std::move(name)) {}

}  // namespace keras::metrics
