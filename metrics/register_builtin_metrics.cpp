#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"
#include "libkeras/utils/naming.h"
#include "metrics/metrics.h"

namespace keras::metrics {

namespace {

using Factory = std::function<std::shared_ptr<Metric>(const Json& config)>;

// A metric whose only argument is its name.
template <class M>
Factory named(const std::string& class_name) {
  return [class_name](const Json& config) -> std::shared_ptr<Metric> {
    ConfigReader c(config, class_name + " metric");
    return c.is_null("name") ? std::make_shared<M>() : std::make_shared<M>(c.string("name", ""));
  };
}

// Keras' ALL_OBJECTS_DICT: each class under its name and its snake-cased name.
void add(Registry<Factory>& r, const std::string& class_name, const Factory& factory) {
  r.add(class_name, factory);
  r.add(utils::to_snake_case(class_name), factory);
}

void register_builtin_metrics(Registry<Factory>& r) {
  // "accuracy" / "acc" stay out: compile() picks the accuracy that fits the data (MetricArg).
  r.add("Accuracy", named<Accuracy>("Accuracy"));
  add(r, "BinaryAccuracy", &BinaryAccuracy::from_config);
  add(r, "CategoricalAccuracy", named<CategoricalAccuracy>("CategoricalAccuracy"));
  add(r, "SparseCategoricalAccuracy", named<SparseCategoricalAccuracy>("SparseCategoricalAccuracy"));
  add(r, "TopKCategoricalAccuracy", &TopKCategoricalAccuracy::from_config);
  add(r, "SparseTopKCategoricalAccuracy", &SparseTopKCategoricalAccuracy::from_config);

  add(r, "Mean", named<Mean>("Mean"));
  add(r, "Sum", named<Sum>("Sum"));

  add(r, "TruePositives", &TruePositives::from_config);
  add(r, "TrueNegatives", &TrueNegatives::from_config);
  add(r, "FalsePositives", &FalsePositives::from_config);
  add(r, "FalseNegatives", &FalseNegatives::from_config);
  add(r, "Precision", &Precision::from_config);
  add(r, "Recall", &Recall::from_config);
  add(r, "AUC", &AUC::from_config);
  add(r, "SensitivityAtSpecificity", &SensitivityAtSpecificity::from_config);
  add(r, "SpecificityAtSensitivity", &SpecificityAtSensitivity::from_config);
  add(r, "PrecisionAtRecall", &PrecisionAtRecall::from_config);
  add(r, "RecallAtPrecision", &RecallAtPrecision::from_config);
  add(r, "F1Score", &F1Score::from_config);
  add(r, "FBetaScore", &FBetaScore::from_config);

  add(r, "IoU", &IoU::from_config);
  add(r, "MeanIoU", &MeanIoU::from_config);
  add(r, "BinaryIoU", &BinaryIoU::from_config);
  add(r, "OneHotIoU", &OneHotIoU::from_config);
  add(r, "OneHotMeanIoU", &OneHotMeanIoU::from_config);

  add(r, "MeanSquaredError", named<MeanSquaredError>("MeanSquaredError"));
  add(r, "MeanAbsoluteError", named<MeanAbsoluteError>("MeanAbsoluteError"));
  add(r, "MeanAbsolutePercentageError", named<MeanAbsolutePercentageError>("MeanAbsolutePercentageError"));
  add(r, "MeanSquaredLogarithmicError", named<MeanSquaredLogarithmicError>("MeanSquaredLogarithmicError"));
  add(r, "RootMeanSquaredError", named<RootMeanSquaredError>("RootMeanSquaredError"));
  add(r, "LogCoshError", named<LogCoshError>("LogCoshError"));
  add(r, "CosineSimilarity", &CosineSimilarity::from_config);
  add(r, "R2Score", &R2Score::from_config);

  add(r, "BinaryCrossentropy", &BinaryCrossentropy::from_config);
  add(r, "CategoricalCrossentropy", &CategoricalCrossentropy::from_config);
  add(r, "SparseCategoricalCrossentropy", &SparseCategoricalCrossentropy::from_config);
  add(r, "KLDivergence", named<KLDivergence>("KLDivergence"));
  add(r, "Poisson", named<Poisson>("Poisson"));
  add(r, "Hinge", named<Hinge>("Hinge"));
  add(r, "SquaredHinge", named<SquaredHinge>("SquaredHinge"));
  add(r, "CategoricalHinge", named<CategoricalHinge>("CategoricalHinge"));

  for (const char* n : {"bce", "BCE"}) r.add(n, &BinaryCrossentropy::from_config);
  for (const char* n : {"mse", "MSE"}) r.add(n, named<MeanSquaredError>("MeanSquaredError"));
  for (const char* n : {"mae", "MAE"}) r.add(n, named<MeanAbsoluteError>("MeanAbsoluteError"));
  for (const char* n : {"mape", "MAPE"}) {
    r.add(n, named<MeanAbsolutePercentageError>("MeanAbsolutePercentageError"));
  }
  for (const char* n : {"msle", "MSLE"}) {
    r.add(n, named<MeanSquaredLogarithmicError>("MeanSquaredLogarithmicError"));
  }
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
  std::shared_ptr<Metric> m = registry().get(name)(Json::object());
  // keras compile_utils.get_metric names a metric given as a string after that string.
  m->set_name(name);
  return m;
}

std::shared_ptr<Metric> deserialize(const Json& config) {
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid metric config: expected a name or an object with 'class_name', received " +
                     config.dump());
  }
  const Json args = config.contains("config") && !config["config"].is_null() ? config["config"] : Json::object();
  return registry().get(config["class_name"].get<std::string>())(args);
}

Json serialize(const Metric& metric) {
  return {{"module", "keras.metrics"},
          {"class_name", metric.class_name()},
          {"config", metric.get_config()},
          {"registered_name", nullptr}};
}

bool is_registered(const std::string& name) { return registry().contains(name); }

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
