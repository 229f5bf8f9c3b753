#pragma once
// keras.layers.Dense: outputs = activation(inputs . kernel + bias).
// Input shape (batch, ..., input_dim) -> output shape (batch, ..., units).
// Regularizers add their penalties to losses(); constraints project the weights after each
// optimizer step. Masks pass through, as in Keras.

#include "activations/activations.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct DenseOptions {
  std::string activation = "linear";  ///< Keras None
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};  ///< applied to the outputs
  ConstraintArg kernel_constraint = {};
  ConstraintArg bias_constraint = {};
  std::string name = "";
};

class Dense final : public Shareable<Dense> {
 public:
  using Options = DenseOptions;
  explicit Dense(std::int64_t units, Options options = {});
  Dense(std::int64_t units, const std::string& activation);
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Dense"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;
  std::int64_t units() const { return units_; }

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::int64_t units_;
  Options options_;
  activations::Function activation_;
  Variable* kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

}  // namespace keras::layers
