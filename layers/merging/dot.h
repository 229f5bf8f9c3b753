#pragma once
// keras.layers.Dot: the batchwise dot product of two tensors along one axis of each
// (keras.backend.batch_dot); with normalize=true, the samples are L2-normalised along those axes
// first, giving the cosine proximity.
// Inputs: x (batch, ...) and y (batch, ...) of rank >= 2 with x.shape[axes[0]] ==
// y.shape[axes[1]] -> x's shape without axes[0], then y's without the batch axis and axes[1];
// a result of rank 1 becomes (batch, 1). The batch axis cannot be an axis of the product.

#include <array>

#include "layers/merging/base_merge.h"

namespace keras::layers {

struct DotOptions {
  bool normalize = false;
  std::string name = "";
};

class Dot final : public Shareable<Dot, Merge> {
 public:
  using Options = DotOptions;
  /// The same axis of both inputs (negative counts from the end of each).
  explicit Dot(int axes, Options options = {});
  /// axes[0] of the first input with axes[1] of the second: Dot({1, 2}).
  explicit Dot(std::array<int, 2> axes, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Dot"; }
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;
  Json get_config() const override;

 protected:
  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  Tensor merge_function(const std::vector<Tensor>& inputs) const override;

 private:
  /// The axes as non-negative indices of each input's shape.
  std::array<int, 2> resolve_axes(const Shape& a, const Shape& b) const;

  std::array<int, 2> axes_;
  bool single_axis_;
  Options options_;
};

/// keras.layers.dot(inputs, axes): a Dot layer called on two KerasTensors (a graph node).
KerasTensor dot(const std::vector<KerasTensor>& inputs, int axes = -1, Dot::Options options = {});
KerasTensor dot(const std::vector<KerasTensor>& inputs, std::array<int, 2> axes, Dot::Options options = {});
/// keras.layers.dot(inputs, axes) on tensors: runs a new Dot layer eagerly.
Tensor dot(const std::vector<Tensor>& inputs, int axes = -1, Dot::Options options = {});
Tensor dot(const std::vector<Tensor>& inputs, std::array<int, 2> axes, Dot::Options options = {});

}  // namespace keras::layers
