#include "metrics/iou_metrics.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics_utils.h"

namespace keras::metrics {

namespace {

constexpr double kEpsilon = 1e-7;  // keras.config.epsilon()

// Keras maps "int" to int32 on every backend but TensorFlow; a serialized DTypePolicy
// ({"class_name": "DTypePolicy", "config": {"name": ...}}) names its dtype inside.
std::string read_dtype(const ConfigReader& c) {
  if (c.is_null("dtype")) return "int32";
  const Json& v = c.raw("dtype");
  if (v.is_object() && v.contains("config") && v["config"].is_object() && v["config"].contains("name") &&
      v["config"]["name"].is_string()) {
    return v["config"]["name"].get<std::string>();
  }
  return c.string("dtype", "int32");
}

bool is_integer_dtype(const std::string& dtype, const std::string& metric) {
  if (dtype == "int" || dtype == "int8" || dtype == "int16" || dtype == "int32" || dtype == "int64" ||
      dtype == "uint8" || dtype == "uint16" || dtype == "uint32" || dtype == "uint64") {
    return true;
  }
  if (dtype == "float16" || dtype == "bfloat16" || dtype == "float32" || dtype == "float64") return false;
  throw ValueError(metric + ": invalid dtype '" + dtype + "'; expected an integer or float dtype such as 'int32' or "
                   "'float32'");
}

std::vector<int> read_ids(const ConfigReader& c, const std::string& key) {
  const Json& v = c.raw(key);
  if (!v.is_array()) c.fail(key, "must be a list of class ids");
  std::vector<int> out;
  for (const Json& id : v) {
    if (!id.is_number_integer()) c.fail(key, "must be a list of class ids");
    out.push_back(id.get<int>());
  }
  return out;
}

std::vector<int> all_classes(int num_classes) {
  std::vector<int> ids(static_cast<std::size_t>(std::max(num_classes, 0)));
  for (int i = 0; i < num_classes; ++i) ids[static_cast<std::size_t>(i)] = i;
  return ids;
}

// Class ids as the metric's dtype sees them: truncated when it is an integer type.
std::vector<double> class_ids(const Tensor& t, bool integer) {
  std::vector<double> v = t.to_vector<double>();
  if (integer) {
    for (double& x : v) x = std::trunc(x);
  }
  return v;
}

}  // namespace

IoU::IoU(int num_classes, std::vector<int> target_class_ids, Options options)
    : IoU(num_classes, std::move(target_class_ids), std::move(options), "IoU") {}

IoU::IoU(int num_classes, std::vector<int> target_class_ids, Options options, const std::string& class_name)
    : Metric(auto_name(options.name, class_name)),
      num_classes_(num_classes),
      target_class_ids_(std::move(target_class_ids)),
      options_(std::move(options)),
      integer_dtype_(is_integer_dtype(options_.dtype, class_name)) {
  if (num_classes < 1) {
    throw ValueError(class_name + ": num_classes must be a positive integer, received num_classes=" +
                     std::to_string(num_classes));
  }
  if (target_class_ids_.empty()) throw ValueError(class_name + ": target_class_ids must not be empty");
  const int largest = *std::max_element(target_class_ids_.begin(), target_class_ids_.end());
  const int smallest = *std::min_element(target_class_ids_.begin(), target_class_ids_.end());
  if (largest >= num_classes || smallest < 0) {
    throw ValueError("Target class id " + std::to_string(largest >= num_classes ? largest : smallest) +
                     " is out of range, which is [0, " + std::to_string(num_classes) + ").");
  }
  if (options_.dtype == "int") options_.dtype = "int32";
  reset_state();
}

std::shared_ptr<Metric> IoU::from_config(const Json& config) {
  ConfigReader c(config, "IoU metric");
  Options o{c.string("name", ""),      read_dtype(c),
            read_optional_int(c, "ignore_class"), c.boolean("sparse_y_true", true),
            c.boolean("sparse_y_pred", true),     static_cast<int>(c.integer("axis", -1))};
  return std::make_shared<IoU>(static_cast<int>(c.integer("num_classes")), read_ids(c, "target_class_ids"), o);
}

void IoU::reset_state() { total_cm_.assign(static_cast<std::size_t>(num_classes_ * num_classes_), 0.0); }

void IoU::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  accumulate(options_.sparse_y_true ? y_true : ops::argmax(y_true, options_.axis),
             options_.sparse_y_pred ? y_pred : ops::argmax(y_pred, options_.axis), sample_weight);
}

void IoU::accumulate(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  const std::string metric = "Metric '" + name() + "'";
  const std::vector<double> truth = class_ids(y_true, integer_dtype_), pred = class_ids(y_pred, integer_dtype_);
  if (truth.size() != pred.size()) {
    throw ShapeError(metric + ": y_true of shape " + y_true.shape().to_string() + " and y_pred of shape " +
                     y_pred.shape().to_string() + " hold different numbers of class ids");
  }
  std::vector<double> weight(truth.size(), 1.0);
  if (sample_weight.defined()) {
    // Keras flattens the weights and broadcasts them against the flattened ids.
    std::vector<double> w = sample_weight.to_vector<double>();
    if (w.size() != 1 && w.size() != truth.size()) {
      throw ShapeError(metric + ": sample_weight of shape " + sample_weight.shape().to_string() +
                       " does not match y_true of shape " + y_true.shape().to_string());
    }
    for (std::size_t i = 0; i < weight.size(); ++i) {
      weight[i] = w.size() == 1 ? w[0] : w[i];
      if (integer_dtype_) weight[i] = std::trunc(weight[i]);
    }
  }
  const double n = num_classes_;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    // Ids outside [0, num_classes) and the ignored class are dropped.
    if (!(truth[i] >= 0 && truth[i] < n && pred[i] >= 0 && pred[i] < n)) continue;
    if (options_.ignore_class && truth[i] == *options_.ignore_class) continue;
    const auto row = static_cast<std::size_t>(truth[i]), col = static_cast<std::size_t>(pred[i]);
    total_cm_[row * static_cast<std::size_t>(num_classes_) + col] += weight[i];
  }
}

double IoU::result() const {
  const std::size_t n = static_cast<std::size_t>(num_classes_);
  double total = 0.0, valid = 0.0;
  for (int id : target_class_ids_) {
    const std::size_t k = static_cast<std::size_t>(id);
    double predicted = 0.0, actual = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      predicted += total_cm_[j * n + k];
      actual += total_cm_[k * n + j];
    }
    const double tp = total_cm_[k * n + k];
    const double denominator = predicted + actual - tp;
    if (denominator > 1e-9) {
      total += tp / (denominator + kEpsilon);
      valid += 1.0;
    }
  }
  return total / (valid + kEpsilon);
}

Json IoU::get_config() const {
  Json c = Metric::get_config();
  c["dtype"] = options_.dtype;
  c["num_classes"] = num_classes_;
  c["target_class_ids"] = target_class_ids_;
  c["ignore_class"] = optional_json(options_.ignore_class);
  c["sparse_y_true"] = options_.sparse_y_true;
  c["sparse_y_pred"] = options_.sparse_y_pred;
  c["axis"] = options_.axis;
  return c;
}

MeanIoU::MeanIoU(int num_classes, Options options) : MeanIoU(num_classes, std::move(options), "MeanIoU") {}

MeanIoU::MeanIoU(int num_classes, Options options, const std::string& class_name)
    : IoU(num_classes, all_classes(num_classes), std::move(options), class_name) {}

std::shared_ptr<Metric> MeanIoU::from_config(const Json& config) {
  ConfigReader c(config, "MeanIoU metric");
  Options o{c.string("name", ""),      read_dtype(c),
            read_optional_int(c, "ignore_class"), c.boolean("sparse_y_true", true),
            c.boolean("sparse_y_pred", true),     static_cast<int>(c.integer("axis", -1))};
  return std::make_shared<MeanIoU>(static_cast<int>(c.integer("num_classes")), o);
}

Json MeanIoU::get_config() const {
  Json c = IoU::get_config();
  c.erase("target_class_ids");
  return c;
}

BinaryIoU::BinaryIoU(Options options)
    : IoU(2, std::move(options.target_class_ids), {.name = std::move(options.name), .dtype = std::move(options.dtype)},
          "BinaryIoU"),
      threshold_(options.threshold) {}

std::shared_ptr<Metric> BinaryIoU::from_config(const Json& config) {
  ConfigReader c(config, "BinaryIoU metric");
  return std::make_shared<BinaryIoU>(Options{c.is_null("target_class_ids") ? std::vector<int>{0, 1}
                                                                            : read_ids(c, "target_class_ids"),
                                             c.number("threshold", 0.5), c.string("name", ""), read_dtype(c)});
}

void BinaryIoU::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  Tensor p = ops::cast(y_pred, float32);
  // y_pred >= threshold, i.e. not (y_pred < threshold).
  Tensor predicted = 1.0f - ops::less(p, Tensor::scalar(static_cast<float>(threshold_), p.device()));
  accumulate(y_true, predicted, sample_weight);
}

Json BinaryIoU::get_config() const {
  return {{"target_class_ids", target_class_ids_}, {"threshold", threshold_}, {"name", name()}, {"dtype", options_.dtype}};
}

namespace {

IoUOptions one_hot_options(OneHotIoUOptions o) {
  return {std::move(o.name), std::move(o.dtype), o.ignore_class, false, o.sparse_y_pred, o.axis};
}

OneHotIoUOptions one_hot_from_config(const ConfigReader& c) {
  return {c.string("name", ""), read_dtype(c), read_optional_int(c, "ignore_class"), c.boolean("sparse_y_pred", false),
          static_cast<int>(c.integer("axis", -1))};
}

}  // namespace

OneHotIoU::OneHotIoU(int num_classes, std::vector<int> target_class_ids, Options options)
    : IoU(num_classes, std::move(target_class_ids), one_hot_options(std::move(options)), "OneHotIoU") {}

std::shared_ptr<Metric> OneHotIoU::from_config(const Json& config) {
  ConfigReader c(config, "OneHotIoU metric");
  return std::make_shared<OneHotIoU>(static_cast<int>(c.integer("num_classes")), read_ids(c, "target_class_ids"),
                                     one_hot_from_config(c));
}

Json OneHotIoU::get_config() const {
  Json c = IoU::get_config();
  c.erase("sparse_y_true");
  return c;
}

OneHotMeanIoU::OneHotMeanIoU(int num_classes, Options options)
    : MeanIoU(num_classes, one_hot_options(std::move(options)), "OneHotMeanIoU") {}

std::shared_ptr<Metric> OneHotMeanIoU::from_config(const Json& config) {
  ConfigReader c(config, "OneHotMeanIoU metric");
  return std::make_shared<OneHotMeanIoU>(static_cast<int>(c.integer("num_classes")), one_hot_from_config(c));
}

Json OneHotMeanIoU::get_config() const {
  Json c = MeanIoU::get_config();
  c.erase("sparse_y_true");
  return c;
}

}  // namespace keras::metrics
