#pragma once
// keras.layers.Activation: applies a named activation function.

#include "activations/activations.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

class Activation final : public Shareable<Activation> {
 public:
  explicit Activation(const std::string& activation, std::string name = "");
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Activation"; }
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string activation_name_;
  activations::Function activation_;
};

}  // namespace keras::layers
