#pragma once
// keras.layers.Flatten: (batch, d1, ..., dn) -> (batch, d1 * ... * dn).

#include "libkeras/model/layer.h"

namespace keras::layers {

struct FlattenOptions {
  std::string data_format = "channels_last";
  std::string name = "";
};

class Flatten final : public Shareable<Flatten> {
 public:
  using Options = FlattenOptions;
  explicit Flatten(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Flatten"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::string data_format_;
};

}  // namespace keras::layers
