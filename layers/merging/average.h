#pragma once
// keras.layers.Average: outputs = (inputs[0] + inputs[1] + ...) / n.
// Inputs: a list of tensors with broadcast-compatible shapes (see Merge) -> their broadcast shape.

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Average final : public Shareable<Average, Merge> {
 public:
  using Options = MergeOptions;
  explicit Average(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Average"; }

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;
};

/// keras.layers.average(inputs): a Average layer called on `inputs` (a graph node for KerasTensors).
KerasTensor average(const std::vector<KerasTensor>& inputs, Average::Options options = {});
/// keras.layers.average(inputs) on tensors: runs a new Average layer eagerly.
Tensor average(const std::vector<Tensor>& inputs, Average::Options options = {});

}  // namespace keras::layers
