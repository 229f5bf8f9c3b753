#include "layers/rnn/rnn.h"

#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "layers/rnn/rnn_config.h"
#include "layers/rnn/stacked_rnn_cells.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

RNN::RNN(std::shared_ptr<RecurrentCell> cell, Options options) : RNN("rnn", std::move(options)) {
  if (!cell) throw ValueError("RNN layer \"" + name() + "\": argument `cell` must be a recurrent cell, received null");
  set_cell(std::move(cell));
}

RNN::RNN(std::vector<std::shared_ptr<RecurrentCell>> cells, Options options)
    : RNN(std::make_shared<StackedRNNCells>(std::move(cells)), std::move(options)) {}

RNN::RNN(const std::string& default_prefix, Options options)
    : Shareable(default_prefix, options.name), rnn_options_(std::move(options)) {
  supports_masking_ = true;
  input_spec_.min_ndim = 3;
}

void RNN::set_cell(std::shared_ptr<RecurrentCell> cell) { cell_ = std::move(cell); }

std::shared_ptr<Layer> RNN::from_config(const Json& config) {
  ConfigReader c(config, "RNN layer");
  Options o;
  detail::read_rnn_fields(c, o);
  o.name = c.string("name", "");
  std::shared_ptr<Layer> cell = layers::deserialize(c.raw("cell"));
  auto recurrent = std::dynamic_pointer_cast<RecurrentCell>(cell);
  if (!recurrent) {
    c.fail("cell", "must be a recurrent cell (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells), not " +
                       cell->class_name());
  }
  return std::make_shared<RNN>(recurrent, o);
}

Json RNN::rnn_config() const {
  Json c = base_config();
  // Keras' base config lists the activity regularizer (after dtype) only when one is set.
  if (activity_regularizer_) c["activity_regularizer"] = regularizers::serialize(activity_regularizer_.get());
  c["return_sequences"] = rnn_options_.return_sequences;
  c["return_state"] = rnn_options_.return_state;
  c["go_backwards"] = rnn_options_.go_backwards;
  c["stateful"] = rnn_options_.stateful;
  c["unroll"] = rnn_options_.unroll;
  c["zero_output_for_mask"] = rnn_options_.zero_output_for_mask;
  return c;
}

Json RNN::get_config() const {
  Json c = rnn_config();
  c["cell"] = layers::serialize(*cell_);
  return c;
}

Shape RNN::step_shape(const Shape& input_shape) const {
  std::vector<std::int64_t> dims{input_shape[0]};
  for (int k = 2; k < input_shape.rank(); ++k) dims.push_back(input_shape[k]);
  return Shape(dims);
}

std::vector<Shape> RNN::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  const Shape& x = input_shapes.at(0);
  check_input_spec(input_spec_, x, name());
  const Shape step = step_shape(x);
  const Shape out = cell_->compute_output_shape(step);
  std::vector<Shape> shapes;
  if (rnn_options_.return_sequences) {
    std::vector<std::int64_t> dims{x[0], x[1]};
    for (int k = 1; k < out.rank(); ++k) dims.push_back(out[k]);
    shapes.push_back(Shape(dims));
  } else {
    shapes.push_back(out);
  }
  if (rnn_options_.return_state) {
    for (const Shape& s : cell_->state_shapes(step)) shapes.push_back(s);
  }
  return shapes;
}

Shape RNN::compute_output_shape(const Shape& input_shape) const { return compute_output_shapes({input_shape})[0]; }

std::vector<Variable*> RNN::weights() const { return cell_->weights(); }

std::vector<Layer::SaveableVars> RNN::saveable_vars() const {
  std::vector<SaveableVars> out{{"", name(), {}}};
  append_saveable_vars(out, "cell", *cell_);
  return out;
}

std::vector<Variable*> RNN::trainable_weights() const {
  return trainable() ? cell_->trainable_weights() : std::vector<Variable*>{};
}

std::vector<Variable*> RNN::non_trainable_weights() const {
  return trainable() ? cell_->non_trainable_weights() : cell_->weights();
}

std::vector<Tensor> RNN::losses() const {
  std::vector<Tensor> out = Layer::losses();
  for (const Tensor& t : cell_->losses()) out.push_back(t);
  return out;
}

void RNN::check_inputs(const std::vector<Shape>& shapes) const {
  Layer::check_inputs(shapes);
  if (shapes.size() == 1) return;
  const std::vector<Shape> expected = cell_->state_shapes(step_shape(shapes[0]));
  bool ok = shapes.size() == expected.size() + 1;
  for (std::size_t i = 0; ok && i < expected.size(); ++i) {
    const Shape& got = shapes[i + 1];
    ok = got.rank() == expected[i].rank();
    for (int k = 0; ok && k < got.rank(); ++k) ok = got[k] < 0 || expected[i][k] < 0 || got[k] == expected[i][k];
  }
  if (!ok) {
    std::string want, have;
    for (const Shape& s : expected) want += (want.empty() ? "" : ", ") + s.to_string();
    for (std::size_t i = 1; i < shapes.size(); ++i) have += (have.empty() ? "" : ", ") + shapes[i].to_string();
    throw ShapeError("Layer \"" + name() + "\" (" + class_name() + ") expects " + std::to_string(expected.size()) +
                     " initial state(s) of shape(s) " + want + " after its input, received " +
                     std::to_string(shapes.size() - 1) + " of shape(s) " + have);
  }
}

void RNN::build_multi(const std::vector<Shape>& input_shapes) {
  const Shape& x = input_shapes.at(0);
  if (rnn_options_.unroll && x[1] < 0) {
    throw ValueError("Layer \"" + name() + "\": cannot unroll a RNN if the time dimension is undefined, received "
                     "input shape " + x.to_string());
  }
  const Shape step = step_shape(x);
  cell_->maybe_build(step);
  if (x.dim(-1) >= 0) input_spec_.axes = {{-1, x.dim(-1)}};
  if (rnn_options_.stateful) {
    if (x[0] < 0) {
      throw ValueError("Layer \"" + name() + "\": when using `stateful=True` in a RNN, the batch size must be static. "
                       "Found dynamic batch size: sequence.shape=" + x.to_string());
    }
    states_.clear();
    for (const Shape& s : cell_->state_shapes(step)) states_.push_back(Tensor::zeros(s));
  }
}

void RNN::reset_state() {
  for (Tensor& s : states_) s.fill(0.0);
}

std::vector<Tensor> RNN::call_multi(const std::vector<Tensor>& inputs, bool training) {
  const Tensor& x = inputs[0];
  if (x.dim(1) < 1) {
    throw ShapeError("Layer \"" + name() + "\" needs at least one time step, received input shape " +
                     x.shape().to_string());
  }
  std::vector<Tensor> initial(inputs.begin() + 1, inputs.end());
  if (initial.empty()) {
    if (rnn_options_.stateful) {
      if (!states_.empty() && states_[0].dim(0) != x.dim(0)) {
        throw ShapeError("Layer \"" + name() + "\" is stateful with batch size " + std::to_string(states_[0].dim(0)) +
                         ", but it was called on a batch of " + std::to_string(x.dim(0)));
      }
      initial = states_;
    } else {
      for (const Shape& s : cell_->state_shapes(step_shape(x.shape()))) {
        initial.push_back(Tensor::zeros(s, float32, x.device()));
      }
    }
  }
  std::vector<Tensor> out =
      cell_->run_sequence(x, initial, x.mask(), {rnn_options_.go_backwards, rnn_options_.zero_output_for_mask},
                          training);
  if (rnn_options_.stateful) {
    autograd::NoGradGuard no_grad;
    for (std::size_t i = 1; i < out.size(); ++i) states_[i - 1] = out[i].clone();
  }
  std::vector<Tensor> results;
  if (rnn_options_.return_sequences) {
    results.push_back(out[0]);
  } else {
    const std::int64_t T = out[0].dim(1);
    results.push_back(ops::squeeze(ops::slice_axis(out[0], 1, T - 1, T), 1));
  }
  if (rnn_options_.return_state) results.insert(results.end(), out.begin() + 1, out.end());
  return results;
}

std::vector<Tensor> RNN::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                      std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (rnn_options_.return_sequences && !masks.empty()) out[0] = masks[0];
  return out;
}

}  // namespace keras::layers
