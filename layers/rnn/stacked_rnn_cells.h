#pragma once
// keras.layers.StackedRNNCells: a list of cells acting as one; each step feeds a cell's output to
// the next. States: every cell's states in order; output: the last cell's output.
// Over a sequence the cells run one after another on the whole sequence, which computes the same
// outputs and states (a cell's step t needs only the previous cell's step t) with fused kernels.

#include <vector>

#include "layers/rnn/recurrent_cell.h"

namespace keras::layers {

struct StackedRNNCellsOptions {
  std::string name = "";
};

class StackedRNNCells final : public Shareable<StackedRNNCells, RecurrentCell> {
 public:
  using Options = StackedRNNCellsOptions;
  explicit StackedRNNCells(std::vector<std::shared_ptr<RecurrentCell>> cells, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "StackedRNNCells"; }
  Json get_config() const override;
  std::vector<Shape> state_shapes(const Shape& step_input_shape) const override;
  Shape compute_output_shape(const Shape& step_input_shape) const override;
  std::vector<Tensor> run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                   const SequenceOptions& options, bool training) override;

  std::vector<Variable*> weights() const override;
  /// Keras 3 weight-store layout (see Layer::saveable_vars).
  std::vector<SaveableVars> saveable_vars() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;
  std::vector<Tensor> losses() const override;

  const std::vector<std::shared_ptr<RecurrentCell>>& cells() const { return cells_; }

 protected:
  void build(const Shape& input_shape) override;

 private:
  std::vector<std::shared_ptr<RecurrentCell>> cells_;
};

}  // namespace keras::layers
