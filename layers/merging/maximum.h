#pragma once
// keras.layers.Maximum: outputs = elementwise max(inputs[0], inputs[1], ...); a masked entry never wins.
// Inputs: a list of tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Maximum final : public Shareable<Maximum, Merge> {
 public:
  using Options = MergeOptions;
  explicit Maximum(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Maximum"; }

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.maximum(inputs): a Maximum layer called on `inputs` (a graph node for KerasTensors).
KerasTensor maximum(const std::vector<KerasTensor>& inputs, Maximum::Options options = {});
/// keras.layers.maximum(inputs) on tensors: runs a new Maximum layer eagerly.
Tensor maximum(const std::vector<Tensor>& inputs, Maximum::Options options = {});

}  // namespace keras::layers
