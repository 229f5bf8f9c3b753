#pragma once
// keras.layers.SimpleRNNCell: one fully-connected recurrent step, h' = activation(x W + h U + b).
// Step input (batch, input_dim); state h (batch, units); output h'.
// Weights: kernel (input_dim, units), recurrent_kernel (units, units), bias (units).

#include <optional>

#include "layers/rnn/recurrent_cell.h"

namespace keras::layers {

struct SimpleRNNCellOptions {
  std::string activation = "tanh";
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg recurrent_initializer = "orthogonal";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer = {};
  RegularizerArg recurrent_regularizer = {};
  RegularizerArg bias_regularizer = {};
  ConstraintArg kernel_constraint = {};
  ConstraintArg recurrent_constraint = {};
  ConstraintArg bias_constraint = {};
  double dropout = 0.0;            ///< fraction of the inputs dropped (training; one mask per sequence)
  double recurrent_dropout = 0.0;  ///< fraction of the recurrent state dropped
  std::optional<std::uint64_t> seed = std::nullopt;  ///< dropout seed
  std::string name = "";
};

class SimpleRNNCell final : public Shareable<SimpleRNNCell, RecurrentCell> {
 public:
  using Options = SimpleRNNCellOptions;
  explicit SimpleRNNCell(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "SimpleRNNCell"; }
  Json get_config() const override;
  std::vector<Shape> state_shapes(const Shape& step_input_shape) const override;
  Shape compute_output_shape(const Shape& step_input_shape) const override;
  std::vector<Tensor> run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                   const SequenceOptions& options, bool training) override;

  std::int64_t units() const { return units_; }
  const Options& options() const { return options_; }

 protected:
  void build(const Shape& input_shape) override;

 private:
  std::int64_t units_;
  Options options_;
  Variable* kernel_ = nullptr;
  Variable* recurrent_kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

}  // namespace keras::layers
