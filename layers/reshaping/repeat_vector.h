#pragma once
// keras.layers.RepeatVector: repeats the input n times, (batch, features) -> (batch, n, features).

#include "libkeras/model/layer.h"

namespace keras::layers {

struct RepeatVectorOptions {
  std::string name = "";
};

class RepeatVector final : public Shareable<RepeatVector> {
 public:
  using Options = RepeatVectorOptions;
  explicit RepeatVector(int n, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "RepeatVector"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  int n_;
};

}  // namespace keras::layers
