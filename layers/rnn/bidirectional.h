#pragma once
// keras.layers.Bidirectional: runs a recurrent layer forwards and a copy of it backwards over the
// same input and merges the two outputs ("concat" on the last axis, "sum", "mul", "ave", or none:
// both outputs returned). With return_state the forward layer's final states follow the
// output(s), then the backward layer's. Initial states: the first half go to the forward layer,
// the second half to the backward one.
// Like Keras, the wrapped layer is re-created from its config (named "forward_<name>"), and the
// backward layer is a copy with go_backwards=True (named "backward_<name>") unless given.
//
//   Bidirectional(LSTM(10, {.return_sequences = true}), {.merge_mode = "sum"})

#include <optional>

#include "layers/rnn/rnn.h"

namespace keras::layers {

struct BidirectionalOptions {
  /// "concat", "sum", "mul", "ave", or nullopt (Keras None: the two outputs as a list).
  std::optional<std::string> merge_mode = "concat";
  /// A recurrent layer to use (as is) for the backward direction; null: a copy of `layer`.
  std::shared_ptr<Layer> backward_layer = nullptr;
  std::string name = "";
};

class Bidirectional final : public Shareable<Bidirectional> {
 public:
  using Options = BidirectionalOptions;
  explicit Bidirectional(const Layer& layer, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Bidirectional"; }
  Json get_config() const override;
  Shape compute_output_shape(const Shape& input_shape) const override;
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;

  std::vector<Variable*> weights() const override;
  /// Keras 3 weight-store layout (see Layer::saveable_vars).
  std::vector<SaveableVars> saveable_vars() const override;
  std::vector<Variable*> trainable_weights() const override;
  std::vector<Variable*> non_trainable_weights() const override;
  std::vector<Tensor> losses() const override;
  void clear_losses() override;

  /// Zeroes both layers' kept states; the layers must be stateful.
  void reset_state();
  void reset_states() { reset_state(); }

  RNN& forward_layer() const { return *forward_; }
  RNN& backward_layer() const { return *backward_; }

 protected:
  void build_multi(const std::vector<Shape>& input_shapes) override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  void check_inputs(const std::vector<Shape>& shapes) const override;

 private:
  std::shared_ptr<RNN> forward_, backward_;
  std::optional<std::string> merge_mode_;
};

}  // namespace keras::layers
