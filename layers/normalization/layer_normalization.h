#pragma once
// keras.layers.LayerNormalization: each sample is normalized over `axis` (one axis or several),
//   y = (x - mean) / sqrt(var + epsilon) * gamma + beta,
// with gamma and beta shaped as the inputs' dimensions at those axes. With rms_scaling, Keras 3's
// formula y = x / sqrt(var + epsilon) * gamma (no beta; the variance is still centred).
// Weights: gamma (scale or rms_scaling), beta (center and not rms_scaling).
// Input shape: any. Output shape: the input shape.

#include <vector>

#include "layers/normalization/weight_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct LayerNormalizationOptions {
  /// The axes to normalize over. Keras writes a single axis as an int until the layer is built,
  /// then the sorted non-negative list.
  std::vector<int> axis = {-1};
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  bool rms_scaling = false;
  InitializerArg beta_initializer = "zeros";
  InitializerArg gamma_initializer = "ones";
  RegularizerArg beta_regularizer = {};
  RegularizerArg gamma_regularizer = {};
  ConstraintArg beta_constraint = {};
  ConstraintArg gamma_constraint = {};
  std::string name = "";
};

class LayerNormalization final : public Shareable<LayerNormalization> {
 public:
  using Options = LayerNormalizationOptions;
  explicit LayerNormalization(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "LayerNormalization"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Options options_;
  bool axis_is_list_;  // how Keras would write `axis` in the config
  Variable* gamma_ = nullptr;
  Variable* beta_ = nullptr;
};

/// Reads an `axis` field that Keras writes as an int or a list of ints.
std::vector<int> axis_list_field(const ConfigReader& c, const std::string& key, bool* was_list);

/// Throws ValueError naming the layer when an axis is outside a shape of `rank`.
void check_axes_in_range(const std::vector<int>& axes, int rank, const std::string& layer, const Shape& shape);

}  // namespace keras::layers
