#pragma once
// Backend kernels for fused recurrent cell steps (SimpleRNN, LSTM, GRU) forward and backward.
// Same contracts as backend.h: contiguous tensors on the backend's device, preallocated outputs.
//
// One forward call runs a whole sequence (the input projections of every step as one matrix
// product, then per step one product with the recurrent kernel and a fused gate update); one
// backward call runs the whole back-propagation through time. Layouts (B batch, T steps,
// D input features, U units, G gates: SimpleRNN 1, GRU 3 (z, r, h), LSTM 4 (i, f, c, o)):
//   x (B, T, D); states (B, U); kernel (D, G*U); recurrent_kernel (U, G*U);
//   bias (G*U), or (2, G*U) for a GRU with reset_after (input bias, recurrent bias), or undefined;
//   mask (B, T) float32, nonzero where the step is used, or undefined (every step used);
//   input_dropout (Gd, B, D) and recurrent_dropout (Gd, B, U) scale factors with Gd = 1 (one
//   mask for every gate) or G (one per gate), or undefined.

#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras {

enum class RnnCell { simple_rnn, lstm, gru };

/// Activations of the fused kernels: each derivative is a function of the activation's output,
/// so the forward saves outputs only. hard_sigmoid is Keras 3's relu6(x + 3) / 6; leaky_relu
/// uses Keras' default negative slope 0.2.
enum class RnnActivation { linear, tanh, sigmoid, hard_sigmoid, relu, relu6, leaky_relu, elu, selu, softsign,
                           softplus, exponential };

struct RnnSpec {
  RnnCell cell = RnnCell::lstm;
  RnnActivation activation = RnnActivation::tanh;
  RnnActivation recurrent_activation = RnnActivation::sigmoid;
  bool reset_after = true;  ///< GRU only
  /// Steps run from T-1 down to 0; outputs are stored in processing order (Keras go_backwards).
  bool go_backwards = false;
  /// A masked step outputs zeros instead of repeating the previous output.
  bool zero_output_for_mask = false;
};

struct RnnInputs {
  Tensor x;
  std::vector<Tensor> states;  ///< initial states: h, and c for an LSTM
  Tensor kernel, recurrent_kernel, bias;
  Tensor mask, input_dropout, recurrent_dropout;
};

/// What the forward keeps for the backward; only the backend that filled it reads it.
struct RnnSaved {
  std::vector<Tensor> tensors;
};

/// Gradients to produce; each is preallocated with its input's shape, or undefined when not needed.
struct RnnGrads {
  Tensor x, kernel, recurrent_kernel, bias;
  std::vector<Tensor> states;
};

class RecurrentKernels {
 public:
  virtual ~RecurrentKernels() = default;

  /// Runs the cell over the sequence.
  /// requires: shapes as in the header comment; outputs (B, T, U); final_states like in.states.
  /// ensures: outputs[:, s] = output of processing step s (time T-1-s when go_backwards; a masked
  ///   step repeats the previous output, zeros before the first used step, or zeros everywhere
  ///   when zero_output_for_mask); final_states = the states after the last step (a masked step
  ///   keeps them). When `saved` is non-null it receives what rnn_backward needs.
  virtual void rnn_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs,
                           std::vector<Tensor>& final_states, RnnSaved* saved) = 0;

  /// Back-propagation through time of rnn_forward with the same spec and inputs.
  /// d_outputs (B, T, U) and d_final_states[i] (B, U) may be undefined (zero). Every defined
  /// tensor of `grads` is overwritten.
  virtual void rnn_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved,
                            const Tensor& d_outputs, const std::vector<Tensor>& d_final_states, RnnGrads& grads) = 0;
};

}  // namespace keras
