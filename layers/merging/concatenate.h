#pragma once
// keras.layers.Concatenate: joins a list of tensors along `axis`.
// Inputs: tensors of one rank whose shapes agree except along `axis` -> that shape with the
// axis sizes summed. Masks are concatenated (an unmasked input counts as all valid).

#include "layers/merging/base_merge.h"

namespace keras::layers {

class Concatenate final : public Shareable<Concatenate, Merge> {
 public:
  using Options = MergeOptions;
  explicit Concatenate(int axis = -1, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Concatenate"; }
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;
  Json get_config() const override;
  int axis() const { return axis_; }

 protected:
  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;

 private:
  int axis_;
};

/// keras.layers.concatenate(inputs, axis): a Concatenate layer called on KerasTensors (a graph node).
KerasTensor concatenate(const std::vector<KerasTensor>& inputs, int axis = -1, Concatenate::Options options = {});
/// keras.layers.concatenate(inputs, axis) on tensors: runs a new Concatenate layer eagerly.
Tensor concatenate(const std::vector<Tensor>& inputs, int axis = -1, Concatenate::Options options = {});

}  // namespace keras::layers
