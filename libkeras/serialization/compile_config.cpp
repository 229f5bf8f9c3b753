#include "libkeras/serialization/compile_config.h"

#include <nlohmann/json.hpp>

#include "libkeras/serialization/error_context.h"
#include "libkeras/serialization/legacy_config.h"
#include "libkeras/utils/error.h"

namespace keras {

namespace {

// ---- writing: what compile() was given, in the form it was given ----

Json loss_json(const LossArg& loss) {
  if (loss.object()) return losses::serialize(*loss.object());
  if (!loss.name().empty()) return loss.name();
  return nullptr;
}

Json loss_spec_json(const LossSpec& spec) {
  if (spec.is_list()) {
    Json list = Json::array();
    for (const LossArg& l : spec.list()) list.push_back(loss_json(l));
    return list;
  }
  if (spec.is_named()) {
    Json dict = Json::object();
    for (const auto& [k, l] : spec.named()) dict[k] = loss_json(l);
    return dict;
  }
  return loss_json(spec.single());
}

Json loss_weights_json(const LossWeights& weights) {
  if (!weights.is_set()) return nullptr;
  if (weights.is_named()) return Json(weights.named());
  return Json(weights.list());
}

Json metric_json(const MetricArg& metric) {
  if (!metric.object()) return metric.name();
  return metrics::serialize(*metric.object());
}

Json metric_list_json(const std::vector<MetricArg>& list) {
  Json out = Json::array();
  for (const MetricArg& m : list) out.push_back(metric_json(m));
  return out;
}

Json metrics_spec_json(const MetricsSpec& spec) {
  if (spec.is_nested()) {
    Json out = Json::array();
    for (const auto& per_output : spec.nested()) out.push_back(metric_list_json(per_output));
    return out;
  }
  if (spec.is_named()) {
    Json out = Json::object();
    for (const auto& [k, list] : spec.named()) out[k] = metric_list_json(list);
    return out;
  }
  // Keras writes None for metrics that were not given.
  return spec.flat().empty() ? Json(nullptr) : metric_list_json(spec.flat());
}

// ---- reading ----

LossArg loss_from_json(const Json& j, const std::string& where) {
  if (j.is_null()) return {};
  if (j.is_string()) return LossArg(j.get<std::string>());
  try {
    return LossArg(losses::deserialize(legacy::upgrade_loss(j)));
  } catch (...) {
    detail::rethrow_with_context(where + ": ");
  }
}

bool is_object_entry(const Json& j) { return j.is_object() && j.contains("class_name"); }

LossSpec loss_spec_from_json(const Json& j, const std::string& where) {
  if (j.is_null()) return {};
  if (j.is_string() || is_object_entry(j)) return LossSpec(loss_from_json(j, where));
  if (j.is_array()) {
    std::vector<LossArg> list;
    for (std::size_t i = 0; i < j.size(); ++i) {
      list.push_back(loss_from_json(j[i], where + "[" + std::to_string(i) + "]"));
    }
    return LossSpec(std::move(list));
  }
  if (j.is_object()) {
    std::map<std::string, LossArg> named;
    for (const auto& [k, v] : j.items()) named[k] = loss_from_json(v, where + "[\"" + k + "\"]");
    return LossSpec(std::move(named));
  }
  throw ValueError(where + " must be a loss name, a serialized loss, a list or a dict, received " + j.dump());
}

double weight_from_json(const Json& j, const std::string& where) {
  if (!j.is_number()) throw ValueError(where + " must be a number, received " + j.dump());
  return j.get<double>();
}

LossWeights loss_weights_from_json(const Json& j, const std::string& where) {
  if (j.is_null()) return {};
  if (j.is_number()) return LossWeights(j.get<double>());
  if (j.is_array()) {
    std::vector<double> list;
    for (std::size_t i = 0; i < j.size(); ++i) {
      list.push_back(weight_from_json(j[i], where + "[" + std::to_string(i) + "]"));
    }
    return LossWeights(std::move(list));
  }
  if (j.is_object()) {
    std::map<std::string, double> named;
    for (const auto& [k, v] : j.items()) named[k] = weight_from_json(v, where + "[\"" + k + "\"]");
    return LossWeights(std::move(named));
  }
  throw ValueError(where + " must be a number, a list or a dict, received " + j.dump());
}

MetricArg metric_from_json(const Json& raw, const std::string& where) {
  if (raw.is_string()) return MetricArg(raw.get<std::string>());
  if (!is_object_entry(raw) || !raw["class_name"].is_string()) {
    throw ValueError(where + " must be a metric name or a serialized metric, received " + raw.dump());
  }
  const Json j = legacy::upgrade_metric(raw);
  const std::string cls = j["class_name"].get<std::string>();
  const Json config = j.contains("config") && j["config"].is_object() ? j["config"] : Json::object();
  const std::string name =
      config.contains("name") && config["name"].is_string() ? config["name"].get<std::string>() : "";
  // Keras 3's legacy reader falls back to the metric's own name ("accuracy", "acc").
  if (!metrics::is_registered(cls) && !name.empty()) return MetricArg(name);
  try {
    // The whole config comes back: thresholds, num_classes, ...
    return MetricArg(metrics::deserialize({{"class_name", cls}, {"config", config}}));
  } catch (...) {
    detail::rethrow_with_context(where + ": field 'class_name' = \"" + cls + "\": ");
  }
}

std::vector<MetricArg> metric_list_from_json(const Json& j, const std::string& where) {
  std::vector<MetricArg> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return {metric_from_json(j, where)};
  for (std::size_t i = 0; i < j.size(); ++i) {
    out.push_back(metric_from_json(j[i], where + "[" + std::to_string(i) + "]"));
  }
  return out;
}

MetricsSpec metrics_spec_from_json(const Json& j, const std::string& where) {
  if (j.is_null()) return {};
  if (j.is_string() || is_object_entry(j)) return MetricsSpec(std::vector<MetricArg>{metric_from_json(j, where)});
  if (j.is_array()) {
    // tf.keras nests metrics per output ([[...]]), even for a single output.
    bool nested = !j.empty();
    for (const Json& item : j) nested = nested && (item.is_array() || item.is_null());
    if (!nested) return MetricsSpec(metric_list_from_json(j, where));
    std::vector<std::vector<MetricArg>> per_output;
    for (std::size_t i = 0; i < j.size(); ++i) {
      per_output.push_back(metric_list_from_json(j[i], where + "[" + std::to_string(i) + "]"));
    }
    return MetricsSpec(std::move(per_output));
  }
  if (j.is_object()) {
    std::map<std::string, std::vector<MetricArg>> named;
    for (const auto& [k, v] : j.items()) named[k] = metric_list_from_json(v, where + "[\"" + k + "\"]");
    return MetricsSpec(std::move(named));
  }
  throw ValueError(where + " must be a list or a dict of metrics, received " + j.dump());
}

Json optimizer_entry(const Model& model) { return optimizers::serialize(*model.optimizer()); }

}  // namespace

Json compile_config(const Model& model) {
  if (!model.compiled()) return nullptr;
  const CompileOptions o = model.compile_options();
  return {{"optimizer", optimizer_entry(model)},
          {"loss", loss_spec_json(o.loss)},
          {"loss_weights", loss_weights_json(o.loss_weights)},
          {"metrics", metrics_spec_json(o.metrics)},
          {"weighted_metrics", metrics_spec_json(o.weighted_metrics)},
          {"run_eagerly", false},
          {"steps_per_execution", 1},
          {"jit_compile", false}};
}

Json legacy_training_config(const Model& model) {
  Json config = compile_config(model);
  if (config.is_null()) return config;
  Json optimizer = config["optimizer"];
  config.erase("optimizer");
  config["optimizer_config"] = {{"class_name", optimizer["class_name"]}, {"config", optimizer["config"]}};
  return config;
}

void compile_from_config(Model& model, const Json& config, const std::string& source) {
  if (!config.is_object()) {
    throw ValueError(source + ": a compile config must be an object, received " + config.dump().substr(0, 200));
  }
  const char* optimizer_field = config.contains("optimizer") ? "optimizer" : "optimizer_config";
  const std::string at = source + ": compile config field '";
  CompileOptions options;
  if (config.contains(optimizer_field) && !config[optimizer_field].is_null()) {
    const Json optimizer = legacy::upgrade_optimizer(config[optimizer_field], source);
    try {
      options.optimizer = optimizers::deserialize(optimizer);
    } catch (...) {
      detail::rethrow_with_context(at + optimizer_field + "': ");
    }
  }
  options.loss = loss_spec_from_json(config.value("loss", Json()), at + "loss'");
  options.loss_weights = loss_weights_from_json(config.value("loss_weights", Json()), at + "loss_weights'");
  options.metrics = metrics_spec_from_json(config.value("metrics", Json()), at + "metrics'");
  options.weighted_metrics = metrics_spec_from_json(config.value("weighted_metrics", Json()), at + "weighted_metrics'");
  model.compile(std::move(options));
}

}  // namespace keras
