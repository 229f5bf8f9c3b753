#pragma once
// keras.layers.Multiply: outputs = inputs[0] * inputs[1] * ... elementwise. With masks on every
// input, masked entries count as 1 and entries masked in all inputs give 0 (Keras 3).
// Inputs: a list of tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Multiply final : public Shareable<Multiply, Merge> {
 public:
  using Options = MergeOptions;
  explicit Multiply(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Multiply"; }

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.multiply(inputs): a Multiply layer called on `inputs` (a graph node for KerasTensors).
KerasTensor multiply(const std::vector<KerasTensor>& inputs, Multiply::Options options = {});
/// keras.layers.multiply(inputs) on tensors: runs a new Multiply layer eagerly.
Tensor multiply(const std::vector<Tensor>& inputs, Multiply::Options options = {});

}  // namespace keras::layers
