#pragma once
// keras::ops for fused recurrent cell steps (SimpleRNN, LSTM, GRU) forward and backward. Included by libkeras/ops/ops.h.
//
// Each op runs a cell over a whole sequence with Keras' RNN loop semantics (keras.src.backend
// rnn(): masking, go_backwards, zero_output_for_mask) and records ONE tape entry whose backward is
// the whole back-propagation through time. Shapes: x (batch, time, input_dim), states
// (batch, units), kernel (input_dim, gates * units), recurrent_kernel (units, gates * units),
// gates = 1 (SimpleRNN), 3 (GRU: z, r, h), 4 (LSTM: i, f, c, o), weights in Keras' layout.
// Differentiable in x, the initial states and the weights (not in the mask or dropout masks).

#include <string>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::ops {

struct RnnSequenceOptions {
  /// (batch, time), nonzero where a step is used; a masked step keeps the states and repeats
  /// the previous output. Undefined: every step is used.
  Tensor mask = {};
  /// Per-sequence dropout scale factors applied to every step's input: (1 or gates, batch,
  /// input_dim), one mask for all gates or one per gate (Keras' implementation 1). Undefined: none.
  Tensor input_dropout = {};
  /// The same for the recurrent state: (1 or gates, batch, units).
  Tensor recurrent_dropout = {};
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";  ///< LSTM and GRU gates
  bool go_backwards = false;                     ///< process time backwards; outputs in processing order
  bool zero_output_for_mask = false;             ///< masked steps output zeros
  bool reset_after = true;                       ///< GRU: reset gate after the recurrent product
};

/// The activations the fused recurrent ops accept (Keras names).
const std::vector<std::string>& rnn_activation_names();
/// Throws ValueError naming `owner` and `field` when `activation` is not one of rnn_activation_names().
void check_rnn_activation(const std::string& activation, const std::string& owner, const std::string& field);

/// SimpleRNN: h' = activation(x_t kernel + bias + h recurrent_kernel). bias (units) or undefined.
/// Returns {outputs (batch, time, units), final h}.
std::vector<Tensor> simple_rnn_sequence(const Tensor& x, const Tensor& h0, const Tensor& kernel,
                                        const Tensor& recurrent_kernel, const Tensor& bias,
                                        const RnnSequenceOptions& options = {});

/// LSTM (gates i, f, c, o). bias (4 * units) or undefined. Returns {outputs, final h, final c}.
std::vector<Tensor> lstm_sequence(const Tensor& x, const Tensor& h0, const Tensor& c0, const Tensor& kernel,
                                  const Tensor& recurrent_kernel, const Tensor& bias,
                                  const RnnSequenceOptions& options = {});

/// GRU (gates z, r, h). bias (2, 3 * units) with reset_after (input and recurrent biases),
/// (3 * units) without, or undefined. Returns {outputs, final h}.
std::vector<Tensor> gru_sequence(const Tensor& x, const Tensor& h0, const Tensor& kernel,
                                 const Tensor& recurrent_kernel, const Tensor& bias,
                                 const RnnSequenceOptions& options = {});

}  // namespace keras::ops
