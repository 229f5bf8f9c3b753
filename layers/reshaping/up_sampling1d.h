#pragma once
// keras.layers.UpSampling1D: repeats each step `size` times along the time axis,
// (batch, steps, features) -> (batch, steps * size, features).

#include "libkeras/model/layer.h"

namespace keras::layers {

struct UpSampling1DOptions {
  std::string name = "";
};

class UpSampling1D final : public Shareable<UpSampling1D> {
 public:
  using Options = UpSampling1DOptions;
  explicit UpSampling1D(int size = 2, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "UpSampling1D"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  int size_;
};

}  // namespace keras::layers
