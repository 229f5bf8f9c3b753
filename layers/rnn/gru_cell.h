#pragma once
// keras.layers.GRUCell: one GRU step (gates z, r, h):
//   z, r = recurrent_activation(x W + h U + b);  h' = z h + (1 - z) activation(x W_h + r * (h U_h + b'_h))
// with reset_after (the default, cuDNN-compatible); without it the candidate is
// activation(x W_h + (r h) U_h + b_h).
// Step input (batch, input_dim); state h (batch, units); output h'.
// Weights: kernel (input_dim, 3 units), recurrent_kernel (units, 3 units), bias (2, 3 units) with
// reset_after (input and recurrent biases), else (3 units).

#include <optional>

#include "layers/rnn/recurrent_cell.h"

namespace keras::layers {

struct GRUCellOptions {
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
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
  bool reset_after = true;         ///< reset gate applied after the recurrent product
  std::optional<std::uint64_t> seed = std::nullopt;  ///< dropout seed
  std::string name = "";
};

class GRUCell final : public Shareable<GRUCell, RecurrentCell> {
 public:
  using Options = GRUCellOptions;
  explicit GRUCell(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "GRUCell"; }
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
