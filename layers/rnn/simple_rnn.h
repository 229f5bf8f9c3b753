#pragma once
// keras.layers.SimpleRNN: a fully-connected RNN whose output is fed back as the next state,
// h' = activation(x W + h U + b), run by the fused whole-sequence kernels.
// Input (batch, timesteps, features), optionally [x, h0]. Output (batch, units), or
// (batch, timesteps, units) with return_sequences; return_state appends the final h.
// Weights in Keras order: kernel (features, units), recurrent_kernel (units, units), bias (units).
//
//   SimpleRNN(32, {.activation = "relu", .return_sequences = true})

#include <optional>

#include "layers/rnn/simple_rnn_cell.h"
#include "layers/rnn/rnn.h"

namespace keras::layers {

struct SimpleRNNOptions {
  std::string activation = "tanh";
  bool use_bias = true;
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg recurrent_initializer = "orthogonal";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer = {};
  RegularizerArg recurrent_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};  ///< applied to the outputs
  ConstraintArg kernel_constraint = {};
  ConstraintArg recurrent_constraint = {};
  ConstraintArg bias_constraint = {};
  double dropout = 0.0;            ///< fraction of the inputs dropped (training; one mask per sequence)
  double recurrent_dropout = 0.0;  ///< fraction of the recurrent state dropped
  bool return_sequences = false;
  bool return_state = false;
  bool go_backwards = false;
  bool stateful = false;
  bool unroll = false;
  std::optional<std::uint64_t> seed = std::nullopt;  ///< dropout seed
  bool zero_output_for_mask = false;
  std::string name = "";
};

class SimpleRNN final : public Shareable<SimpleRNN, RNN> {
 public:
  using Options = SimpleRNNOptions;
  explicit SimpleRNN(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "SimpleRNN"; }
  Json get_config() const override;
  std::int64_t units() const { return units_; }

 private:
  std::int64_t units_;
};

}  // namespace keras::layers
