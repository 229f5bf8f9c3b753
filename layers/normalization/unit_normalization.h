#pragma once
// keras.layers.UnitNormalization: scales each sample to unit L2 norm over `axis`,
//   y = x * rsqrt(max(sum(x^2, axis), 1e-24))   (keras.ops.normalize with epsilon 1e-12).
// No weights. Input shape: any. Output shape: the input shape.

#include <vector>

#include "libkeras/model/layer.h"

namespace keras::layers {

struct UnitNormalizationOptions {
  std::vector<int> axis = {-1};  ///< one axis (written as an int) or several (a list)
  std::string name = "";
};

class UnitNormalization final : public Shareable<UnitNormalization> {
 public:
  using Options = UnitNormalizationOptions;
  explicit UnitNormalization(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "UnitNormalization"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Options options_;
  bool axis_is_list_;
};

}  // namespace keras::layers
