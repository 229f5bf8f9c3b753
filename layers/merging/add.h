#pragma once
// keras.layers.Add: outputs = inputs[0] + inputs[1] + ....
// Inputs: a list of tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Add final : public Shareable<Add, Merge> {
 public:
  using Options = MergeOptions;
  explicit Add(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Add"; }

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.add(inputs): a Add layer called on `inputs` (a graph node for KerasTensors).
KerasTensor add(const std::vector<KerasTensor>& inputs, Add::Options options = {});
/// keras.layers.add(inputs) on tensors: runs a new Add layer eagerly.
Tensor add(const std::vector<Tensor>& inputs, Add::Options options = {});

}  // namespace keras::layers
