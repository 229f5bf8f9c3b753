#pragma once
// keras.layers.Identity: returns its input unchanged (a placeholder); masks pass through.
// Input shape: any -> same shape.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct IdentityOptions {
  std::string name = "";
};

class Identity final : public Shareable<Identity> {
 public:
  using Options = IdentityOptions;
  explicit Identity(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Identity"; }

 protected:
  Tensor call(const Tensor& inputs, bool training) override;
};

}  // namespace keras::layers
