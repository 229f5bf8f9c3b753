#pragma once
// keras.layers.Merge: the base of the merge layers (Add, Subtract, Multiply, Average, Maximum,
// Minimum, Concatenate, Dot). Called on a list of tensors; shapes follow Keras'
// compute_elemwise_op_output_shape: the non-batch shapes broadcast (a dimension of 1 stretches,
// unknown stays unknown), inputs of lower rank are expanded at axis 1, and the batch sizes
// must agree. The output mask is the OR of the input masks, or none if an input has none.

#include "libkeras/model/layer.h"

namespace keras::layers {

struct MergeOptions {
  std::string name = "";
};

class Merge : public Layer {
 public:
  Shape compute_output_shape(const Shape& input_shape) const override;
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;

 protected:
  Merge(const std::string& default_prefix, const std::string& name);

  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  /// The merge of inputs that already have one rank (broadcasting does the rest).
  virtual Tensor merge_function(const std::vector<Tensor>& inputs) const = 0;

  /// Shape of an elementwise op on two non-batch shapes; ShapeError naming the layer if they clash.
  Shape elemwise_output_shape(const Shape& a, const Shape& b) const;
  /// `Received shapes [(None, 3), (None, 4)]`-style list for messages.
  static std::string shapes_string(const std::vector<Shape>& shapes);
  /// "<ClassName> layer \"<name>\"" for messages.
  std::string who() const;
  /// A mask broadcast to x's shape as 0/1 float32 (a mask of rank x.rank - 1 gains a last axis).
  Tensor expand_mask(const Tensor& mask, const Tensor& x) const;
  /// Keras' _apply_merge_op_and_or_mask (Maximum, Minimum): masked entries of an input take the
  /// running result's value, so they never win.
  Tensor merge_masked(const std::vector<Tensor>& inputs, Tensor (*op)(const Tensor&, const Tensor&)) const;
};

}  // namespace keras::layers
