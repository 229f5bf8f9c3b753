#pragma once
// keras.layers.ELU: f(x) = x for x > 0, alpha * (exp(x) - 1) otherwise.
// Input shape: any -> same shape.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct ELUOptions {
  std::string name = "";
};

class ELU final : public Shareable<ELU> {
 public:
  using Options = ELUOptions;
  explicit ELU(double alpha = 1.0, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "ELU"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  double alpha_;
};

}  // namespace keras::layers
