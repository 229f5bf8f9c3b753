#include "losses/overlap.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

namespace {

// The axes to sum over, checked against y_pred's rank; empty: every axis (ops::sum's convention).
std::vector<int> reduction_axes(const std::optional<std::vector<int>>& axis, int rank, const char* loss) {
  if (!axis) return {};
  if (axis->empty()) throw ValueError(std::string(loss) + ": `axis` must be null, an integer or a non-empty list");
  std::vector<int> axes;
  for (int a : *axis) {
    if (a < -rank || a >= rank) {
      throw ValueError(std::string(loss) + ": axis " + std::to_string(a) +
                       " is out of bounds for predictions of rank " + std::to_string(rank));
    }
    int n = a < 0 ? a + rank : a;
    if (std::find(axes.begin(), axes.end(), n) != axes.end()) {
      throw ValueError(std::string(loss) + ": axis " + std::to_string(a) + " is repeated in `axis`");
    }
    axes.push_back(n);
  }
  return axes;
}

// Keras' axis is None, an int or a tuple (a list in JSON).
std::optional<std::vector<int>> read_axis(const ConfigReader& c) {
  if (c.is_null("axis")) return std::nullopt;
  const Json& a = c.raw("axis");
  if (a.is_number_integer()) return std::vector<int>{a.get<int>()};
  auto integer = [](const Json& v) { return v.is_number_integer(); };
  if (a.is_array() && !a.empty() && std::all_of(a.begin(), a.end(), integer)) {
    return a.get<std::vector<int>>();
  }
  c.fail("axis", "must be null, an integer or a non-empty list of integers, received " + a.dump());
}

Json axis_config(const std::optional<std::vector<int>>& axis) {
  if (!axis) return nullptr;
  return axis->size() == 1 ? Json(axis->front()) : Json(*axis);
}

}  // namespace

Tensor dice(const Tensor& y_true_in, const Tensor& y_pred_in, const std::optional<std::vector<int>>& axis) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "dice");
  std::vector<int> axes = reduction_axes(axis, y_pred.rank(), "dice");
  Tensor intersection = ops::sum(ops::multiply(y_true, y_pred), axes);
  Tensor total = ops::add(ops::sum(y_true, axes), ops::sum(y_pred, axes)) + kEpsilon;
  return 1.0f - ops::divide(intersection * 2.0f, total);
}

Tensor tversky(const Tensor& y_true_in, const Tensor& y_pred_in, double alpha, double beta,
               const std::optional<std::vector<int>>& axis) {
  auto [y_true, y_pred] = aligned_targets(y_true_in, y_pred_in, "tversky");
  std::vector<int> axes = reduction_axes(axis, y_pred.rank(), "tversky");
  Tensor tp = ops::sum(ops::multiply(y_true, y_pred), axes);
  Tensor fp = ops::sum(ops::multiply(1.0f - y_true, y_pred), axes);
  Tensor fn = ops::sum(ops::multiply(y_true, 1.0f - y_pred), axes);
  Tensor denominator = ops::add(tp, ops::add(fp * static_cast<float>(alpha), fn * static_cast<float>(beta))) + kEpsilon;
  return 1.0f - ops::divide(tp, denominator);
}

Dice::Dice(Options o) : Loss(o.name, o.reduction), options_(std::move(o)) {
  if (options_.axis && options_.axis->empty()) {
    throw ValueError("Dice: `axis` must be null, an integer or a non-empty list");
  }
}

std::shared_ptr<Loss> Dice::from_config(const Json& config) {
  ConfigReader c(config, "Dice");
  return std::make_shared<Dice>(
      Options{c.string("reduction", "sum_over_batch_size"), c.string("name", "dice"), read_axis(c)});
}

Tensor Dice::call(const Tensor& y_true, const Tensor& y_pred) const { return dice(y_true, y_pred, options_.axis); }

Json Dice::get_config() const {
  Json c = Loss::get_config();
  c["axis"] = axis_config(options_.axis);
  return c;
}

Tversky::Tversky(Options o) : Loss(o.name, o.reduction), options_(std::move(o)) {
  if (options_.axis && options_.axis->empty()) {
    throw ValueError("Tversky: `axis` must be null, an integer or a non-empty list");
  }
}

std::shared_ptr<Loss> Tversky::from_config(const Json& config) {
  ConfigReader c(config, "Tversky");
  return std::make_shared<Tversky>(Options{c.number("alpha", 0.5), c.number("beta", 0.5),
                                           c.string("reduction", "sum_over_batch_size"), c.string("name", "tversky"),
                                           read_axis(c)});
}

Tensor Tversky::call(const Tensor& y_true, const Tensor& y_pred) const {
  return tversky(y_true, y_pred, options_.alpha, options_.beta, options_.axis);
}

Json Tversky::get_config() const {
  Json c = Loss::get_config();
  c["alpha"] = options_.alpha;
  c["beta"] = options_.beta;
  c["axis"] = axis_config(options_.axis);
  return c;
}

}  // namespace keras::losses
