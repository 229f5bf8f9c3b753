#include "losses/generalized_cross_entropy.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::losses {

Tensor categorical_generalized_cross_entropy(const Tensor& y_true, const Tensor& y_pred, double q) {
  const char* loss = "categorical_generalized_cross_entropy";
  if (!(q > 0.0 && q < 1.0)) {
    throw ValueError(std::string(loss) + ": q must be in the interval (0, 1), received q=" + std::to_string(q));
  }
  Tensor labels = y_true;
  if (labels.rank() == y_pred.rank() && labels.rank() > 1 && labels.dim(-1) == 1) {
    std::vector<std::int64_t> d = labels.shape().dims();
    d.pop_back();
    labels = labels.reshape(Shape(d));
  }
  std::vector<std::int64_t> per_sample = y_pred.shape().dims();
  if (!per_sample.empty()) per_sample.pop_back();
  if (y_pred.rank() < 2 || labels.shape() != Shape(per_sample)) {
    throw ShapeError(std::string(loss) + ": labels of shape " + y_true.shape().to_string() +
                     " do not match predictions of shape " + y_pred.shape().to_string() +
                     " (expected one integer label per sample and probabilities with a class axis last)");
  }
  Tensor p = ops::sum(ops::multiply(y_pred, ops::one_hot(labels, y_pred.dim(-1))), {-1});
  Tensor p_q = ops::power(p, Tensor::scalar(static_cast<float>(q), p.device()));
  return (1.0f - p_q) / static_cast<float>(q);
}

CategoricalGeneralizedCrossEntropy::CategoricalGeneralizedCrossEntropy(Options o)
    : Loss(o.name, o.reduction), q_(o.q) {
  if (!(q_ > 0.0 && q_ < 1.0)) {
    throw ValueError("CategoricalGeneralizedCrossEntropy: q must be in the interval (0, 1), received q=" +
                     std::to_string(q_));
  }
}

std::shared_ptr<Loss> CategoricalGeneralizedCrossEntropy::from_config(const Json& config) {
  ConfigReader c(config, "CategoricalGeneralizedCrossEntropy");
  return std::make_shared<CategoricalGeneralizedCrossEntropy>(
      Options{c.number("q", 0.5), c.string("reduction", "sum_over_batch_size"),
              c.string("name", "categorical_generalized_cross_entropy")});
}

Tensor CategoricalGeneralizedCrossEntropy::call(const Tensor& y_true, const Tensor& y_pred) const {
  return categorical_generalized_cross_entropy(y_true, y_pred, q_);
}

Json CategoricalGeneralizedCrossEntropy::get_config() const {
  Json c = Loss::get_config();
  c["q"] = q_;
  return c;
}

}  // namespace keras::losses
