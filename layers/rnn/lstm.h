#pragma once
// keras.layers.LSTM: Long Short-Term Memory (Hochreiter 1997), an RNN of one LSTMCell run by
// the fused whole-sequence kernels.
// Input (batch, timesteps, features), optionally [x, h0, c0]. Output (batch, units), or
// (batch, timesteps, units) with return_sequences; return_state appends the final h and c.
// Weights in Keras order: kernel (features, 4 units), recurrent_kernel (units, 4 units),
// bias (4 units); gates i, f, c, o.
//
//   LSTM(128, {.dropout = 0.2, .recurrent_dropout = 0.2})

#include <optional>

#include "layers/rnn/lstm_cell.h"
#include "layers/rnn/rnn.h"

namespace keras::layers {

struct LSTMOptions {
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
  double dropout = 0.0;            ///< fraction of the inputs dropped (training; one mask per sequence)
  double recurrent_dropout = 0.0;  ///< fraction of the recurrent state dropped
  std::optional<std::uint64_t> seed = std::nullopt;  ///< dropout seed
  bool return_sequences = false;
  bool return_state = false;
  bool go_backwards = false;
  bool stateful = false;
  bool unroll = false;
  bool zero_output_for_mask = false;
  std::string name = "";
};

class LSTM final : public Shareable<LSTM, RNN> {
 public:
  using Options = LSTMOptions;
  explicit LSTM(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "LSTM"; }
  Json get_config() const override;
  std::int64_t units() const { return units_; }

 private:
  std::int64_t units_;
};

}  // namespace keras::layers
