#include <algorithm>
#include <cctype>
#include <functional>

#include "libkeras/serialization/registry.h"
#include "metrics/metrics.h"

namespace keras::metrics {

namespace {

using Factory = std::function<std::shared_ptr<Metric>()>;

void register_builtin_metrics(Registry<Factory>& r) {
  for (const char* n : {"Accuracy"}) r.add(n, [] { return std::make_shared<Accuracy>(); });
  for (const char* n : {"BinaryAccuracy", "binary_accuracy"}) r.add(n, [] { return std::make_shared<BinaryAccuracy>(); });
  for (const char* n : {"CategoricalAccuracy", "categorical_accuracy"})
    r.add(n, [] { return std::make_shared<CategoricalAccuracy>(); });
  for (const char* n : {"SparseCategoricalAccuracy", "sparse_categorical_accuracy"})
    r.add(n, [] { return std::make_shared<SparseCategoricalAccuracy>(); });
  for (const char* n : {"MeanSquaredError", "mean_squared_error", "mse", "MSE"})
    r.add(n, [] { return std::make_shared<MeanSquaredError>(); });
  for (const char* n : {"MeanAbsoluteError", "mean_absolute_error", "mae", "MAE"})
    r.add(n, [] { return std::make_shared<MeanAbsoluteError>(); });
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("metric");
    register_builtin_metrics(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Metric> get(const std::string& name) {
  std::shared_ptr<Metric> m = registry().get(name)();
  // keras compile_utils.get_metric names a metric given as a string after that string.
  m->set_name(name);
  return m;
}

std::vector<std::string> names() {
  std::vector<std::string> n = registry().names();
  n.push_back("accuracy");
  n.push_back("acc");
  std::sort(n.begin(), n.end());
  return n;
}

}  // namespace keras::metrics

namespace keras {

std::shared_ptr<metrics::Metric> MetricArg::resolve(const Shape& y_true, const Shape& y_pred) const {
  if (metric_) return metric_;
  std::string lower = name_;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower != "accuracy" && lower != "acc") return metrics::get(name_);
  bool binary = y_pred.dim(-1) == 1;
  bool sparse = y_true.rank() < y_pred.rank() || (y_true.dim(-1) == 1 && y_pred.dim(-1) > 1);
  if (binary) return std::make_shared<metrics::BinaryAccuracy>(name_);
  if (sparse) return std::make_shared<metrics::SparseCategoricalAccuracy>(name_);
  return std::make_shared<metrics::CategoricalAccuracy>(name_);
}

}  // namespace keras
