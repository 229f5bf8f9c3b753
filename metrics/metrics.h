#pragma once
// keras.metrics: every built-in metric.

#include "metrics/accuracy_metrics.h"
#include "metrics/auc.h"
#include "metrics/confusion_metrics.h"
#include "metrics/f_score_metrics.h"
#include "metrics/hinge_metrics.h"
#include "metrics/iou_metrics.h"
#include "metrics/metric.h"
#include "metrics/probabilistic_metrics.h"
#include "metrics/regression_metrics.h"
