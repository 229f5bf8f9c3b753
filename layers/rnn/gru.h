#pragma once
// keras.layers.GRU: Gated Recurrent Unit (Cho et al. 2014), an RNN of one GRUCell run by the
// fused whole-sequence kernels.
// Input (batch, timesteps, features), optionally [x, h0]. Output (batch, units), or
// (batch, timesteps, units) with return_sequences; return_state appends the final h.
// Weights in Keras order: kernel (features, 3 units), recurrent_kernel (units, 3 units), bias
// (2, 3 units) with reset_after (the default), else (3 units); gates z, r, h.
//
//   GRU(64, {.return_sequences = true, .reset_after = false})

#include <optional>

#include "layers/rnn/gru_cell.h"
#include "layers/rnn/rnn.h"

namespace keras::layers {

struct GRUOptions {
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
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
  std::optional<std::uint64_t> seed = std::nullopt;  ///< dropout seed
  bool return_sequences = false;
  bool return_state = false;
  bool go_backwards = false;
  bool stateful = false;
  bool unroll = false;
  bool zero_output_for_mask = false;
  bool reset_after = true;  ///< reset gate applied after the recurrent product
  std::string name = "";
};

class GRU final : public Shareable<GRU, RNN> {
 public:
  using Options = GRUOptions;
  explicit GRU(std::int64_t units, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "GRU"; }
  Json get_config() const override;
  std::int64_t units() const { return units_; }

 private:
  std::int64_t units_;
};

}  // namespace keras::layers
