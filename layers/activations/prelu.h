#pragma once
// keras.layers.PReLU: f(x) = x for x >= 0, alpha * x otherwise, with a learned alpha per input
// element (batch axis excluded); shared_axes (1-based, batch = 0) share one alpha along those
// axes, e.g. {1, 2} for one alpha per channel of (batch, height, width, channels) images.
// Input shape: any of rank >= 2 -> same shape. Weight: "alpha" of shape input_shape[1:] with 1
// on the shared axes.

#include <optional>
#include <vector>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct PReLUOptions {
  InitializerArg alpha_initializer = "Zeros";
  RegularizerArg alpha_regularizer = {};
  ConstraintArg alpha_constraint = {};
  std::optional<std::vector<int>> shared_axes = std::nullopt;
  std::string name = "";
};

class PReLU final : public Shareable<PReLU> {
 public:
  using Options = PReLUOptions;
  explicit PReLU(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "PReLU"; }
  Json get_config() const override;

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Options options_;
  Variable* alpha_ = nullptr;
};

}  // namespace keras::layers
