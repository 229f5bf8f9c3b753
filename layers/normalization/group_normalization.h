#pragma once
// keras.layers.GroupNormalization (Wu et al. 2018): the channels on `axis` are split into
// `groups` groups; each sample is normalized over every non-batch axis within each group, then
// y = normalized * gamma + beta per channel. groups = -1 is instance normalization (one group per
// channel; Keras then stores groups = channels once built). Weights: gamma, beta (channels,).
// Input shape: any rank >= 2, channels known. Output shape: the input shape.

#include "layers/normalization/weight_args.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct GroupNormalizationOptions {
  int axis = -1;  ///< the channels axis
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  InitializerArg beta_initializer = "zeros";
  InitializerArg gamma_initializer = "ones";
  RegularizerArg beta_regularizer = {};
  RegularizerArg gamma_regularizer = {};
  ConstraintArg beta_constraint = {};
  ConstraintArg gamma_constraint = {};
  std::string name = "";
};

class GroupNormalization final : public Shareable<GroupNormalization> {
 public:
  using Options = GroupNormalizationOptions;
  explicit GroupNormalization(std::int64_t groups = 32, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "GroupNormalization"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::int64_t groups_;
  Options options_;
  int axis_ = -1;  // normalized at build
  Variable* gamma_ = nullptr;
  Variable* beta_ = nullptr;
};

}  // namespace keras::layers
