#pragma once
// keras.layers.Reshape: (batch, ...) -> (batch, *target_shape); one target dim may be -1.

#include "libkeras/model/layer.h"

namespace keras::layers {

class Reshape final : public Shareable<Reshape> {
 public:
  explicit Reshape(const Shape& target_shape, std::string name = "");
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Reshape"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Shape target_shape_;
};

}  // namespace keras::layers
