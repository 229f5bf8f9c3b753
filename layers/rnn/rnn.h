#pragma once
// keras.layers.RNN: runs a recurrent cell over the time axis; the base of SimpleRNN, LSTM, GRU
// and ConvLSTM2D.
// Input (batch, timesteps, ...), optionally followed by the initial states ([x, h0] or
// [x, h0, c0]). Output (batch, units) or, with return_sequences, (batch, timesteps, units); with
// return_state the final states follow the output, in the cell's order.
// Masks (Keras masking, e.g. Embedding(mask_zero=True)): a masked step keeps the states and
// repeats the previous output (zeros with zero_output_for_mask). stateful keeps the final states
// as the next call's initial states until reset_state().

#include <vector>

#include "layers/rnn/recurrent_cell.h"

namespace keras::layers {

struct RNNOptions {
  bool return_sequences = false;  ///< the whole output sequence instead of the last output
  bool return_state = false;      ///< also return the final states
  bool go_backwards = false;      ///< process time backwards (outputs in processing order)
  bool stateful = false;          ///< carry the final states over to the next call
  bool unroll = false;            ///< accepted for Keras compatibility: results are the same
  bool zero_output_for_mask = false;
  std::string name = "";
};

class RNN : public Shareable<RNN> {
 public:
  using Options = RNNOptions;
  /// `cell` is a SimpleRNNCell, LSTMCell, GRUCell or StackedRNNCells.
  explicit RNN(std::shared_ptr<RecurrentCell> cell, Options options = {});
  /// Several cells run stacked (Keras wraps them in StackedRNNCells).
  explicit RNN(std::vector<std::shared_ptr<RecurrentCell>> cells, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "RNN"; }
  Json get_config() const override;
  Shape compute_output_shape(const Shape& input_shape) const override;
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;

  std::vector<Variable*> weights() const override;
  /// Keras 3 weight-store layout (see Layer::saveable_vars).
  std::vector<SaveableVars> saveable_vars() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;
  std::vector<Tensor> losses() const override;

  /// Zeroes the kept states of a stateful layer (Keras reset_state / reset_states).
  void reset_state();
  void reset_states() { reset_state(); }
  /// The kept states of a stateful layer (empty otherwise or before the first build).
  const std::vector<Tensor>& states() const { return states_; }

  RecurrentCell& cell() const { return *cell_; }
  const Options& rnn_options() const { return rnn_options_; }
  /// Bidirectional makes masked steps output zeros when its layers return sequences (as Keras).
  void set_zero_output_for_mask(bool zero) { rnn_options_.zero_output_for_mask = zero; }

 protected:
  /// For the layers that create their own cell (LSTM, ...): set_cell() follows in their constructor.
  RNN(const std::string& default_prefix, Options options);
  void set_cell(std::shared_ptr<RecurrentCell> cell);
  /// base_config() followed by the RNN fields (Keras RNN.get_config without "cell").
  Json rnn_config() const;

  void build_multi(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  void check_inputs(const std::vector<Shape>& shapes) const override;

 private:
  Shape step_shape(const Shape& input_shape) const;

  std::shared_ptr<RecurrentCell> cell_;
  Options rnn_options_;
  std::vector<Tensor> states_;
};

}  // namespace keras::layers
