#include "metrics/metrics_utils.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <nlohmann/json.hpp>
#include <sstream>

#include "libkeras/utils/error.h"

namespace keras::metrics {

namespace {

std::string list_text(const std::vector<double>& values) {
  std::ostringstream out;
  out << "[";
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << "]";
  return out.str();
}

// Keras squeeze_or_expand_to_same_rank on shapes: ranks that differ by a trailing 1 are made
// equal, expanding a rank-1 partner when `expand_rank_1`, squeezing the longer one otherwise.
std::pair<Shape, Shape> align_ranks(Shape a, Shape b, bool expand_rank_1) {
  auto drop_last = [](const Shape& s) {
    std::vector<std::int64_t> d = s.dims();
    d.pop_back();
    return Shape(d);
  };
  auto add_last = [](Shape s) {
    s.push_back(1);
    return s;
  };
  if (a.rank() == b.rank() + 1 && a.dim(-1) == 1) {
    if (b.rank() == 1 && expand_rank_1) return {a, add_last(b)};
    return {drop_last(a), b};
  }
  if (b.rank() == a.rank() + 1 && b.dim(-1) == 1) {
    if (a.rank() == 1 && expand_rank_1) return {add_last(a), b};
    return {a, drop_last(b)};
  }
  return {a, b};
}

// Keras _filter_top_k: outside the k largest values of each row, predictions become NEG_INF.
void filter_top_k(std::vector<float>& pred, std::int64_t columns, int k, const std::string& metric) {
  if (k < 1 || k > columns) {
    throw ValueError(metric + ": top_k must be between 1 and the number of classes (" + std::to_string(columns) +
                     "), received top_k=" + std::to_string(k));
  }
  std::vector<std::int64_t> order(static_cast<std::size_t>(columns));
  for (std::size_t row = 0; row < pred.size(); row += static_cast<std::size_t>(columns)) {
    float* x = pred.data() + row;
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [x](std::int64_t a, std::int64_t b) { return x[a] > x[b]; });
    for (std::size_t j = static_cast<std::size_t>(k); j < order.size(); ++j) x[order[j]] = static_cast<float>(kNegInf);
  }
}

}  // namespace

std::vector<double> parse_init_thresholds(const std::optional<std::vector<double>>& thresholds,
                                          double default_threshold) {
  if (!thresholds) return {default_threshold};
  std::vector<double> invalid;
  for (double t : *thresholds) {
    if (!(t >= 0.0 && t <= 1.0)) invalid.push_back(t);
  }
  if (!invalid.empty()) throw ValueError("Threshold values must be in [0, 1]. Received: " + list_text(invalid));
  if (thresholds->empty()) throw ValueError("Argument `thresholds` must not be an empty list.");
  return *thresholds;
}

bool is_evenly_distributed_thresholds(const std::vector<double>& thresholds) {
  const std::size_t n = thresholds.size();
  if (n < 3) return false;
  for (std::size_t i = 0; i < n; ++i) {
    // np.allclose(thresholds, arange(n, float32) / (n - 1), atol=epsilon) with its rtol of 1e-5.
    const double even = static_cast<double>(static_cast<float>(i) / static_cast<float>(n - 1));
    if (!(std::fabs(thresholds[i] - even) <= 1e-7 + 1e-5 * std::fabs(even))) return false;
  }
  return true;
}

std::optional<std::vector<double>> read_thresholds(const ConfigReader& config, const std::string& key) {
  if (config.is_null(key)) return std::nullopt;
  const Json& v = config.raw(key);
  if (v.is_number()) return std::vector<double>{v.get<double>()};
  if (!v.is_array()) config.fail(key, "must be a number or a list of numbers");
  std::vector<double> out;
  for (const Json& t : v) {
    if (!t.is_number()) config.fail(key, "must be a number or a list of numbers");
    out.push_back(t.get<double>());
  }
  return out;
}

Json thresholds_json(const std::optional<std::vector<double>>& thresholds) {
  if (!thresholds) return nullptr;
  if (thresholds->size() == 1) return thresholds->front();
  return Json(*thresholds);
}

std::optional<int> read_optional_int(const ConfigReader& config, const std::string& key) {
  if (config.is_null(key)) return std::nullopt;
  return static_cast<int>(config.integer(key));
}

Json optional_json(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }

void ConfusionMatrixVariables::reset(std::size_t num_thresholds, std::int64_t labels) {
  num_labels = labels;
  const std::size_t n = num_thresholds * static_cast<std::size_t>(labels);
  for (auto* v : {&true_positives, &false_positives, &true_negatives, &false_negatives}) v->assign(n, 0.0);
}

std::vector<double> broadcast_weights(const Tensor& weights, const Shape& from, const Shape& to,
                                      const std::string& metric) {
  const std::vector<double> w = weights.to_vector<double>();
  if (from.rank() > to.rank()) {
    throw ShapeError(metric + ": sample_weight of shape " + weights.shape().to_string() +
                     " cannot be broadcast to predictions of shape " + to.to_string());
  }
  const int offset = to.rank() - from.rank();
  for (int a = 0; a < from.rank(); ++a) {
    if (from[a] != 1 && from[a] != to[a + offset]) {
      throw ShapeError(metric + ": sample_weight of shape " + weights.shape().to_string() +
                       " cannot be broadcast to predictions of shape " + to.to_string());
    }
  }
  std::vector<double> out(static_cast<std::size_t>(to.size()));
  std::vector<std::int64_t> index(static_cast<std::size_t>(to.rank()), 0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::int64_t src = 0;
    for (int a = 0; a < from.rank(); ++a) src = src * from[a] + (from[a] == 1 ? 0 : index[a + offset]);
    out[i] = w[static_cast<std::size_t>(src)];
    for (int a = to.rank() - 1; a >= 0; --a) {
      if (++index[a] < to[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

void update_confusion_matrix_variables(ConfusionMatrixVariables& vars, const Tensor& y_true, const Tensor& y_pred,
                                       const Tensor& sample_weight, const ConfusionMatrixOptions& o,
                                       const std::string& metric) {
  auto [pred_shape, true_shape] = align_ranks(y_pred.shape(), y_true.shape(), true);
  if (pred_shape != true_shape) {
    throw ShapeError(metric + ": y_true of shape " + y_true.shape().to_string() + " does not match y_pred of shape " +
                     y_pred.shape().to_string());
  }
  std::vector<float> pred = y_pred.to_vector<float>();
  std::vector<float> truth = y_true.to_vector<float>();
  std::vector<double> weight(pred.size(), 1.0);
  if (sample_weight.defined()) {
    Shape sw = sample_weight.shape();
    sw.push_back(1);
    weight = broadcast_weights(sample_weight, align_ranks(true_shape, sw, false).second, pred_shape, metric);
  }
  std::int64_t columns = pred_shape.rank() == 0 ? 1 : pred_shape.dim(-1);
  if (o.top_k) filter_top_k(pred, columns, *o.top_k, metric);
  if (o.class_id) {
    if (pred_shape.rank() < 2) {
      throw ValueError(metric + ": When class_id is provided, y_pred must be a 2D array with shape (num_samples, "
                                "num_classes), found shape: " + pred_shape.to_string());
    }
    const int id = *o.class_id;
    if (id < 0 || id >= columns) {
      throw ValueError(metric + ": class_id=" + std::to_string(id) + " is out of range for " + std::to_string(columns) +
                       " classes");
    }
    const std::size_t rows = pred.size() / static_cast<std::size_t>(columns);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t src = r * static_cast<std::size_t>(columns) + static_cast<std::size_t>(id);
      pred[r] = pred[src];
      truth[r] = truth[src];
      weight[r] = weight[src];
    }
    pred.resize(rows);
    truth.resize(rows);
    weight.resize(rows);
    columns = 1;
  }
  if (!o.label_weights.empty()) {
    if (static_cast<std::int64_t>(o.label_weights.size()) != columns) {
      throw ShapeError(metric + ": label_weights has " + std::to_string(o.label_weights.size()) +
                       " entries but y_pred has " + std::to_string(columns) + " labels");
    }
    for (std::size_t i = 0; i < weight.size(); ++i) weight[i] *= o.label_weights[i % o.label_weights.size()];
  }
  const std::int64_t labels = o.multi_label ? columns : 1;
  const std::size_t T = o.thresholds.size();
  if (vars.true_positives.size() != T * static_cast<std::size_t>(labels) || vars.num_labels != labels) {
    throw ShapeError(metric + ": y_pred of shape " + y_pred.shape().to_string() + " has " + std::to_string(labels) +
                     " labels, but the metric was built for " + std::to_string(vars.num_labels));
  }
  // Per label: the weighted positives / negatives whose prediction clears thresholds 0..b,
  // binned by b (b = -1: none), then summed from the top.
  std::vector<double> pos_bins(T * static_cast<std::size_t>(labels), 0.0), neg_bins(pos_bins.size(), 0.0);
  std::vector<double> total_pos(static_cast<std::size_t>(labels), 0.0), total_neg(total_pos.size(), 0.0);
  const bool with_epsilon = o.thresholds.front() < 0.0 || o.thresholds.back() > 1.0;
  std::vector<float> thresholds(o.thresholds.begin(), o.thresholds.end());
  for (std::size_t i = 0; i < pred.size(); ++i) {
    const std::size_t label = o.multi_label ? i % static_cast<std::size_t>(labels) : 0;
    const bool positive = truth[i] != 0.0f;
    std::int64_t last = -1;  // the highest threshold index the prediction clears
    if (o.thresholds_distributed_evenly) {
      const float p = std::clamp(pred[i], 0.0f, 1.0f);
      const float bucket = std::ceil(p * static_cast<float>(T - 1)) - 1.0f;
      if (!std::isnan(bucket)) last = static_cast<std::int64_t>(with_epsilon ? std::max(bucket, 0.0f) : bucket);
    } else {
      // User thresholds need not be sorted: mark each one the prediction clears.
      for (std::size_t t = 0; t < T; ++t) {
        if (pred[i] > thresholds[t]) {
          (positive ? pos_bins : neg_bins)[t * static_cast<std::size_t>(labels) + label] += weight[i];
        }
      }
    }
    if (last >= 0) {
      (positive ? pos_bins : neg_bins)[static_cast<std::size_t>(last) * static_cast<std::size_t>(labels) + label] +=
          weight[i];
    }
    (positive ? total_pos : total_neg)[label] += weight[i];
  }
  for (std::size_t l = 0; l < static_cast<std::size_t>(labels); ++l) {
    double tp = 0.0, fp = 0.0;
    for (std::size_t t = T; t-- > 0;) {
      const std::size_t at = t * static_cast<std::size_t>(labels) + l;
      // The bucketed path stores each prediction once at its highest cleared threshold;
      // the direct path has already marked every cleared threshold.
      if (o.thresholds_distributed_evenly) {
        tp += pos_bins[at];
        fp += neg_bins[at];
      } else {
        tp = pos_bins[at];
        fp = neg_bins[at];
      }
      vars.true_positives[at] += tp;
      vars.false_positives[at] += fp;
      vars.false_negatives[at] += total_pos[l] - tp;
      vars.true_negatives[at] += total_neg[l] - fp;
    }
  }
}

}  // namespace keras::metrics
