#pragma once
// keras.layers.ConvLSTM2D: an LSTM whose input and recurrent transformations are 2-D
// convolutions (channels_last), an RNN of one ConvLSTMCell.
// Input (batch, time, rows, cols, channels), optionally [x, h0, c0]. Output
// (batch, new_rows, new_cols, filters), or (batch, time, new_rows, new_cols, filters) with
// return_sequences; return_state appends the final h and c.
// Weights: kernel (kh, kw, channels, 4 filters), recurrent_kernel (kh, kw, filters, 4 filters),
// bias (4 filters); gates i, f, c, o.

#include <optional>

#include "layers/rnn/conv_lstm_cell.h"
#include "layers/rnn/rnn.h"

namespace keras::layers {

struct ConvLSTM2DOptions {
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
  bool unit_forget_bias = true;  ///< the forget gate's bias starts at 1
  RegularizerArg kernel_regularizer = {};
  RegularizerArg recurrent_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};  ///< applied to the outputs
  ConstraintArg kernel_constraint = {};
  ConstraintArg recurrent_constraint = {};
  ConstraintArg bias_constraint = {};
  double dropout = 0.0;            ///< fraction of the inputs dropped (training; one mask per gate and sequence)
  double recurrent_dropout = 0.0;  ///< fraction of the recurrent state dropped
  std::optional<std::uint64_t> seed = std::nullopt;
  bool return_sequences = false;
  bool return_state = false;
  bool go_backwards = false;
  bool stateful = false;
  bool unroll = false;
  bool zero_output_for_mask = false;
  std::string name = "";
};

class ConvLSTM2D final : public Shareable<ConvLSTM2D, RNN> {
 public:
  using Options = ConvLSTM2DOptions;
  ConvLSTM2D(std::int64_t filters, Size2 kernel_size, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "ConvLSTM2D"; }
  Json get_config() const override;
};

}  // namespace keras::layers
