#include "metrics/metric.h"

#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "losses/loss.h"

namespace keras::metrics {

Json Metric::get_config() const { return {{"name", name_}, {"dtype", "float32"}}; }

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
  Tensor values = fn_(y_true, y_pred);
  Tensor weights = sample_weight;
  if (Tensor mask = y_pred.mask(); mask.defined() && mask.shape() == values.shape()) {
    // Masked entries of y_pred (e.g. padded timesteps) do not count, as in Keras.
    Tensor m = ops::cast(mask, float32);
    weights = weights.defined() ? ops::multiply(m, ops::cast(weights, float32)) : m;
  }
  add_values(values, weights);
}

}  // namespace keras::metrics
