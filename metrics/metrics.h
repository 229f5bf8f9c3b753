#pragma once
// keras.metrics: every built-in metric.

#include "metrics/accuracy_metrics.h"
#include "metrics/metric.h"
#include "metrics/regression_metrics.h"
