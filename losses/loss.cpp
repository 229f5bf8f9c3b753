#include "losses/loss.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

Loss::Loss(std::string name, std::string reduction) : name_(std::move(name)), reduction_(std::move(reduction)) {
  static const char* valid[] = {"sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "none"};
  if (std::find(std::begin(valid), std::end(valid), reduction_) == std::end(valid)) {
    throw ValueError("Invalid value for argument `reduction` of loss '" + name_ + "': '" + reduction_ +
                     "'. Expected one of: sum_over_batch_size, mean, sum, mean_with_sample_weight, none");
  }
}

std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& a, const Tensor& b) {
  auto drop_last = [](const Tensor& t) {
    std::vector<std::int64_t> d = t.shape().dims();
    d.pop_back();
    return ops::reshape(t, Shape(d));
  };
  auto add_last = [](const Tensor& t) {
    std::vector<std::int64_t> d = t.shape().dims();
    d.push_back(1);
    return ops::reshape(t, Shape(d));
  };
  if (a.rank() == b.rank() + 1 && a.dim(-1) == 1) {
    return b.rank() == 1 ? std::pair{a, add_last(b)} : std::pair{drop_last(a), b};
  }
  if (b.rank() == a.rank() + 1 && b.dim(-1) == 1) {
    return a.rank() == 1 ? std::pair{add_last(a), b} : std::pair{a, drop_last(b)};
  }
  return {a, b};
}

std::pair<Tensor, Tensor> aligned_targets(const Tensor& y_true_in, const Tensor& y_pred_in, const char* loss) {
  auto [y_true, y_pred] = squeeze_or_expand_to_same_rank(ops::cast(y_true_in, float32), y_pred_in);
  if (y_true.shape() != y_pred.shape()) {
    throw ShapeError(std::string(loss) + ": targets of shape " + y_true_in.shape().to_string() +
                     " do not match predictions of shape " + y_pred_in.shape().to_string());
  }
  return {y_true, y_pred};
}

Tensor Loss::operator()(const Tensor& y_true, const Tensor& y_pred, const Tensor& sample_weight) const {
  if (y_true.dim(0) != y_pred.dim(0)) {
    throw ShapeError("Loss '" + name_ + "': y_true and y_pred have different batch sizes: " +
                     y_true.shape().to_string() + " and " + y_pred.shape().to_string());
  }
  Tensor values = call(y_true, y_pred);
  Tensor weights = sample_weight;
  if (Tensor mask = y_pred.mask(); mask.defined()) {
    // keras.losses.loss.apply_mask: masked entries weigh 0; for mean reductions the valid ones
    // are scaled by total / valid so the mean runs over valid entries only.
    Tensor m = ops::cast(mask, float32);
    if (reduction_ == "sum_over_batch_size" || reduction_ == "mean") {
      double valid = ops::sum(m).item();
      m = m * static_cast<float>(static_cast<double>(m.size()) / (valid + kEpsilon));
    }
    if (weights.defined()) {
      auto [mm, w] = squeeze_or_expand_to_same_rank(m, ops::cast(weights, float32));
      weights = ops::multiply(mm, w);
    } else {
      weights = m;
    }
  }
  if (weights.defined()) {
    auto [v, w] = squeeze_or_expand_to_same_rank(values, weights);
    values = ops::multiply(v, w);
    weights = w;
  }
  if (reduction_ == "none") return values;
  Tensor total = ops::sum(values);
  if (reduction_ == "sum") return total;
  double divisor = static_cast<double>(values.size());
  if (reduction_ == "mean_with_sample_weight" && weights.defined()) divisor = ops::sum(weights).item();
  // divide_no_nan: an empty or zero-weight batch gives 0, not NaN.
  return divisor == 0.0 ? ops::multiply(total, Tensor::scalar(0.0f, total.device()))
                        : ops::divide(total, Tensor::scalar(static_cast<float>(divisor), total.device()));
}

Json Loss::get_config() const { return {{"name", name_}, {"reduction", reduction_}}; }

Json serialize(const Loss& loss) {
  return {{"module", "keras.losses"},
          {"class_name", loss.class_name()},
          {"config", loss.get_config()},
          {"registered_name", nullptr}};
}

}  // namespace keras::losses
