#pragma once
// keras.layers.LeakyReLU: f(x) = x for x >= 0, negative_slope * x otherwise.
// Input shape: any -> same shape.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct LeakyReLUOptions {
  std::string name = "";
};

class LeakyReLU final : public Shareable<LeakyReLU> {
 public:
  using Options = LeakyReLUOptions;
  explicit LeakyReLU(double negative_slope = 0.3, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "LeakyReLU"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double negative_slope_;
};

}  // namespace keras::layers
