#pragma once
// keras.layers.LSTMCell: one LSTM step (gates i, f, c, o):
//   i, f, o = recurrent_activation(x W + h U + b);  c' = f c + i activation(x W_c + h U_c + b_c);
//   h' = o activation(c').
// Step input (batch, input_dim); states [h, c], each (batch, units); output h'.
// Weights: kernel (input_dim, 4 units), recurrent_kernel (units, 4 units), bias (4 units).

#include <optional>

#include "layers/rnn/recurrent_cell.h"

namespace keras::layers {

struct LSTMCellOptions {
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg recurrent_initializer = "orthogonal";
  InitializerArg bias_initializer = "zeros";
  bool unit_forget_bias = true;  ///< the forget gate's bias starts at 1
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

class LSTMCell final : public Shareable<LSTMCell, RecurrentCell> {
 public:
  using Options = LSTMCellOptions;
  explicit LSTMCell(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "LSTMCell"; }
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
