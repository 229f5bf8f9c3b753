#pragma once
// keras.layers.ActivityRegularization: the identity, whose outputs add
// l1 * sum(|outputs|) + l2 * sum(outputs^2) to the layer's losses() (and so to a model's loss).
// Input shape: any -> same shape.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct ActivityRegularizationOptions {
  std::string name = "";
};

class ActivityRegularization final : public Shareable<ActivityRegularization> {
 public:
  using Options = ActivityRegularizationOptions;
  explicit ActivityRegularization(double l1 = 0.0, double l2 = 0.0, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "ActivityRegularization"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double l1_, l2_;
};

}  // namespace keras::layers
