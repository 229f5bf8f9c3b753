#pragma once
// keras.layers.Minimum: outputs = elementwise min(inputs[0], inputs[1], ...); a masked entry never wins.
// Inputs: a list of tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Minimum final : public Shareable<Minimum, Merge> {
 public:
  using Options = MergeOptions;
  explicit Minimum(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Minimum"; }

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.minimum(inputs): a Minimum layer called on `inputs` (a graph node for KerasTensors).
KerasTensor minimum(const std::vector<KerasTensor>& inputs, Minimum::Options options = {});
/// keras.layers.minimum(inputs) on tensors: runs a new Minimum layer eagerly.
Tensor minimum(const std::vector<Tensor>& inputs, Minimum::Options options = {});

}  // namespace keras::layers
