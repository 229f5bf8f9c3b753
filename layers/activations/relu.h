#pragma once
// keras.layers.ReLU: f(x) = min(max_value, x) for x > threshold (x >= 0 when threshold is 0),
// else negative_slope * (x - threshold) (keras.activations.relu).
// Input shape: any -> same shape.

#include <optional>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct ReLUOptions {
  std::optional<double> max_value = std::nullopt;  ///< Keras None: unbounded
  double negative_slope = 0.0;
  double threshold = 0.0;
  std::string name = "";
};

class ReLU final : public Shareable<ReLU> {
 public:
  using Options = ReLUOptions;
  explicit ReLU(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "ReLU"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Options options_;
};

}  // namespace keras::layers
