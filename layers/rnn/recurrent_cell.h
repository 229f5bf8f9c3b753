#pragma once
// The base of the recurrent cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells and the
// ConvLSTM2D cell). A Keras cell computes one step, cell(x_t, states) -> (output, new states);
// here a cell also runs a whole sequence at once, which keras.layers.RNN calls, so the fused
// sequence kernels see every step.
//
// Calling a cell on [x_t, state...] runs one step and returns [output, new state...].

#include <optional>
#include <vector>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

/// How keras.layers.RNN runs a cell over a sequence (the arguments of Keras' backend rnn()).
struct SequenceOptions {
  bool go_backwards = false;
  bool zero_output_for_mask = false;
};

class RecurrentCell : public Layer {
 public:
  /// Shapes of the states, batch axis included, for one step's input shape; in Keras order.
  virtual std::vector<Shape> state_shapes(const Shape& step_input_shape) const = 0;
  /// Shape of one step's output for one step's input shape (batch axis included).
  Shape compute_output_shape(const Shape& step_input_shape) const override = 0;
  /// Runs the cell over x (batch, time, ...) from `states`. mask (batch, time) or undefined.
  /// Returns {outputs (batch, time, ...) in processing order, final states...}; see
  /// ops::RnnSequenceOptions for the masking rules. Builds the cell if needed.
  virtual std::vector<Tensor> run_sequence(const Tensor& x, const std::vector<Tensor>& states, const Tensor& mask,
                                           const SequenceOptions& options, bool training) = 0;

  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;

 protected:
  RecurrentCell(const std::string& default_prefix, const std::string& name, std::optional<std::uint64_t> seed);

  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  void check_inputs(const std::vector<Shape>& shapes) const override;

  /// Per-sequence dropout scale factors (count, step_shape...) for `rate` (zeros with probability
  /// rate, else 1 / (1 - rate)), as Keras' DropoutRNNCell; undefined unless training and
  /// 0 < rate < 1 (Keras applies no dropout otherwise).
  Tensor dropout_masks(double rate, int count, const Shape& step_shape, Device device, bool training);

 private:
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
