#pragma once
// keras.layers.Subtract: outputs = inputs[0] - inputs[1], for exactly two inputs.
// Inputs: two tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Subtract final : public Shareable<Subtract, Merge> {
 public:
  using Options = MergeOptions;
  explicit Subtract(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Subtract"; }

 protected:
  void check_inputs(const std::vector<Shape>& shapes) const override;
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.subtract(inputs): a Subtract layer called on two KerasTensors (a graph node).
KerasTensor subtract(const std::vector<KerasTensor>& inputs, Subtract::Options options = {});
/// keras.layers.subtract(inputs) on tensors: runs a new Subtract layer eagerly.
Tensor subtract(const std::vector<Tensor>& inputs, Subtract::Options options = {});

}  // namespace keras::layers
