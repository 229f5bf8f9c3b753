#include "metrics/metric.h"

#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "losses/loss.h"

namespace keras::metrics {

Json Metric::get_config() const { return {{"name", name_}, {"dtype", "float32"}}; }

std::string Metric::auto_name(const std::string& name, const std::string& class_name) {
  return name.empty() ? utils::uniquify(utils::to_snake_case(class_name)) : name;
}

Tensor Metric::vector_tensor(const std::vector<double>& values) {
  std::vector<float> v(values.begin(), values.end());
  return Tensor::from_vector(v, {static_cast<std::int64_t>(v.size())});
}

double Metric::mean_of(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  double total = 0.0;
  for (double v : values) total += v;
  return total / static_cast<double>(values.size());
}

void Sum::update_state(const Tensor& values, const Tensor&, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  if (!sample_weight.defined()) {
    total_ += ops::sum(values).item();
    return;
  }
  auto [v, w] = losses::squeeze_or_expand_to_same_rank(ops::cast(values, float32), ops::cast(sample_weight, float32));
  // Weights cover the leading axes of the values (one per sample, or per timestep).
  std::vector<std::int64_t> dims = w.shape().dims();
  while (static_cast<int>(dims.size()) < v.rank()) dims.push_back(1);
  bool fits = static_cast<int>(dims.size()) == v.rank();
  for (int a = 0; fits && a < v.rank(); ++a) {
    const std::int64_t d = dims[static_cast<std::size_t>(a)];
    fits = d == v.dim(a) || d == 1;
  }
  if (!fits) {
    throw ShapeError("Metric '" + name() + "': sample_weight of shape " + sample_weight.shape().to_string() +
                     " does not match values of shape " + values.shape().to_string());
  }
  w = w.reshape(Shape(dims));
  total_ += ops::sum(ops::multiply(v, w)).item();
}

void Mean::update(double value, double weight) {
  total_ += value * weight;
  count_ += weight;
}

void Mean::add_values(const Tensor& values_in, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  Tensor values = values_in;
  if (sample_weight.defined() && sample_weight.shape() == values.shape() && values.rank() > 1) {
    // Element-wise weights (e.g. a sequence mask): weigh every element, not every sample.
    Tensor w = ops::cast(sample_weight, float32);
    total_ += ops::sum(ops::multiply(values, w)).item();
    count_ += ops::sum(w).item();
    return;
  }
  if (values.rank() > 1) {
    std::vector<int> axes;
    for (int a = 1; a < values.rank(); ++a) axes.push_back(a);
    values = ops::mean(values, axes);
  }
  if (!sample_weight.defined()) {
    total_ += ops::sum(values).item();
    count_ += values.rank() == 0 ? 1.0 : static_cast<double>(values.dim(0));
    return;
  }
  auto [v, w] = losses::squeeze_or_expand_to_same_rank(values, ops::cast(sample_weight, float32));
  if (v.shape() != w.shape()) {
    throw ShapeError("Metric '" + name() + "': sample_weight of shape " + sample_weight.shape().to_string() +
                     " does not match values of shape " + values.shape().to_string());
  }
  total_ += ops::sum(ops::multiply(v, w)).item();
  count_ += ops::sum(w).item();
}

void Mean::update_state(const Tensor& values, const Tensor&, const Tensor& sample_weight) {
  add_values(values, sample_weight);
}

void MeanMetricWrapper::update_state(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) {
  autograd::NoGradGuard no_grad;
  add_unmasked(fn_(y_true, y_pred), y_pred, sample_weight);
}

void MeanMetricWrapper::add_unmasked(const Tensor& values, const Tensor& y_pred, const Tensor& sample_weight) {
  Tensor weights = sample_weight;
  if (Tensor mask = y_pred.mask(); mask.defined() && mask.shape() == values.shape()) {
    // Masked entries of y_pred (e.g. padded timesteps) do not count, as in Keras.
    Tensor m = ops::cast(mask, float32);
    weights = weights.defined() ? ops::multiply(m, ops::cast(weights, float32)) : m;
  }
  add_values(values, weights);
}

}  // namespace keras::metrics
