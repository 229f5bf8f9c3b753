#pragma once
// The cell of keras.layers.ConvLSTM2D (Keras' ConvLSTMCell, rank 2, channels_last): an LSTM step
// whose input and recurrent transformations are convolutions.
//   i, f, o = recurrent_activation(conv(x, W) + conv(h, U) + b);  c' = f c + i activation(...c gate);
//   h' = o activation(c'). The recurrent convolution uses strides 1 and "same" padding.
// Step input (batch, rows, cols, channels); states [h, c], each (batch, new_rows, new_cols, filters).
// Weights: kernel (kh, kw, channels, 4 filters), recurrent_kernel (kh, kw, filters, 4 filters),
// bias (4 filters); gates i, f, c, o.
// A sequence is one convolution of every step's input, then per step a recurrent convolution and
// the gate update in ops (ConvLSTM's time goes into the convolutions, not the step overhead).

#include <optional>

#include "layers/rnn/recurrent_cell.h"
#include "layers/size2.h"

namespace keras::layers {

struct ConvLSTMCellOptions {
  Size2 strides = 1;
  std::string padding = "valid";
  std::string data_format = "channels_last";
  Size2 dilation_rate = 1;
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg recurrent_initializer = "orthogonal";
  InitializerArg bias_initializer = "zeros";
  bool unit_forget_bias = true;
  RegularizerArg kernel_regularizer = {};
  RegularizerArg recurrent_regularizer = {};
  RegularizerArg bias_regularizer = {};
  ConstraintArg kernel_constraint = {};
  ConstraintArg recurrent_constraint = {};
  ConstraintArg bias_constraint = {};
  double dropout = 0.0;
  double recurrent_dropout = 0.0;
  std::optional<std::uint64_t> seed = std::nullopt;
  std::string name = "";
};

class ConvLSTMCell final : public Shareable<ConvLSTMCell, RecurrentCell> {
 public:
  using Options = ConvLSTMCellOptions;
  ConvLSTMCell(std::int64_t filters, Size2 kernel_size, Options options = {});

  std::string class_name() const override { return "ConvLSTMCell"; }
  std::vector<Shape> state_shapes(const Shape& step_input_shape) const override;
  Shape compute_output_shape(const Shape& step_input_shape) const override;
  std::vector<Tensor> run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                   const SequenceOptions& options, bool training) override;

  std::int64_t filters() const { return filters_; }
  Size2 kernel_size() const { return kernel_size_; }
  const Options& options() const { return options_; }

 protected:
  void build(const Shape& input_shape) override;

 private:
  Tensor input_convolutions(const Tensor& x, bool training);
  Tensor recurrent_convolution(const Tensor& h, const Tensor& masks);

  std::int64_t filters_;
  Size2 kernel_size_;
  Options options_;
  Variable* kernel_ = nullptr;
  Variable* recurrent_kernel_ = nullptr;
  Variable* bias_ = nullptr;
};

}  // namespace keras::layers
