#include "layers/rnn/stacked_rnn_cells.h"

#include <map>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"

namespace keras::layers {

StackedRNNCells::StackedRNNCells(std::vector<std::shared_ptr<RecurrentCell>> cells, Options options)
    : Shareable("stacked_rnn_cells", options.name, std::nullopt), cells_(std::move(cells)) {
  if (cells_.empty()) throw ValueError("StackedRNNCells \"" + name() + "\": argument `cells` must not be empty");
  for (const auto& c : cells_) {
    if (!c) throw ValueError("StackedRNNCells \"" + name() + "\": argument `cells` holds a null cell");
  }
}

std::shared_ptr<Layer> StackedRNNCells::from_config(const Json& config) {
  ConfigReader c(config, "StackedRNNCells layer");
  const Json& list = c.raw("cells");
  if (!list.is_array()) c.fail("cells", "must be a list of cell configs");
  std::vector<std::shared_ptr<RecurrentCell>> cells;
  for (const Json& item : list) {
    std::shared_ptr<Layer> layer = layers::deserialize(item);
    auto cell = std::dynamic_pointer_cast<RecurrentCell>(layer);
    if (!cell) c.fail("cells", "must hold recurrent cells only, not " + layer->class_name());
    cells.push_back(cell);
  }
  return std::make_shared<StackedRNNCells>(cells, Options{.name = c.string("name", "")});
}

Json StackedRNNCells::get_config() const {
  Json c = base_config();
  Json cells = Json::array();
  for (const auto& cell : cells_) cells.push_back(layers::serialize(*cell));
  c["cells"] = cells;
  return c;
}

std::vector<Shape> StackedRNNCells::state_shapes(const Shape& step_input_shape) const {
  std::vector<Shape> out;
  Shape in = step_input_shape;
  for (const auto& cell : cells_) {
    for (const Shape& s : cell->state_shapes(in)) out.push_back(s);
    in = cell->compute_output_shape(in);
  }
  return out;
}

Shape StackedRNNCells::compute_output_shape(const Shape& step_input_shape) const {
  Shape in = step_input_shape;
  for (const auto& cell : cells_) in = cell->compute_output_shape(in);
  return in;
}

void StackedRNNCells::build(const Shape& input_shape) {
  Shape in = input_shape;
  for (const auto& cell : cells_) {
    cell->maybe_build(in);
    in = cell->compute_output_shape(in);
  }
}

std::vector<Tensor> StackedRNNCells::run_sequence(const Tensor& x, const std::vector<Tensor>& states,
                                                  const Tensor& mask, const SequenceOptions& options, bool training) {
  std::vector<std::int64_t> step{x.dim(0)};
  for (int k = 2; k < x.rank(); ++k) step.push_back(x.dim(k));
  maybe_build(Shape(step));
  const std::size_t expected = state_shapes(Shape(step)).size();
  if (states.size() != expected) {
    throw ValueError("StackedRNNCells \"" + name() + "\" expects " + std::to_string(expected) + " states, received " +
                     std::to_string(states.size()));
  }
  std::vector<Tensor> final_states;
  Tensor seq = x, seq_mask = mask;
  std::size_t next = 0;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    const std::size_t count = cells_[i]->state_shapes(Shape(step)).size();
    const std::vector<Tensor> own(states.begin() + static_cast<std::ptrdiff_t>(next),
                                  states.begin() + static_cast<std::ptrdiff_t>(next + count));
    next += count;
    // The first cell walks time as asked; its outputs are then in processing order, so the
    // next cells walk them forwards, with the mask in that order too.
    SequenceOptions o = options;
    if (i > 0) o.go_backwards = false;
    if (i + 1 < cells_.size()) o.zero_output_for_mask = false;
    std::vector<Tensor> out = cells_[i]->run_sequence(seq, own, seq_mask, o, training);
    final_states.insert(final_states.end(), out.begin() + 1, out.end());
    seq = out[0];
    if (i == 0 && options.go_backwards && seq_mask.defined()) seq_mask = ops::flip(seq_mask, 1);
    std::vector<std::int64_t> next_step{seq.dim(0)};
    for (int k = 2; k < seq.rank(); ++k) next_step.push_back(seq.dim(k));
    step = next_step;
  }
  std::vector<Tensor> result{seq};
  result.insert(result.end(), final_states.begin(), final_states.end());
  return result;
}

// `cells` is a Python list: Keras keys its entries by snake-case class name, made unique.
std::vector<Layer::SaveableVars> StackedRNNCells::saveable_vars() const {
  std::vector<SaveableVars> out{{"", name(), {}}};
  std::map<std::string, int> used;
  for (const auto& cell : cells_) {
    std::string key = utils::to_snake_case(cell->class_name());
    int n = used[key]++;
    append_saveable_vars(out, "cells/" + (n == 0 ? key : key + "_" + std::to_string(n)), *cell);
  }
  return out;
}

std::vector<Variable*> StackedRNNCells::weights() const {
  std::vector<Variable*> out;
  for (const auto& cell : cells_) {
    for (Variable* v : cell->weights()) out.push_back(v);
  }
  return out;
}

std::vector<Variable*> StackedRNNCells::trainable_weights() const {
  std::vector<Variable*> out;
  if (!trainable()) return out;
  for (const auto& cell : cells_) {
    for (Variable* v : cell->trainable_weights()) out.push_back(v);
  }
  return out;
}

std::vector<Variable*> StackedRNNCells::non_trainable_weights() const {
  std::vector<Variable*> out;
  for (const auto& cell : cells_) {
    for (Variable* v : trainable() ? cell->non_trainable_weights() : cell->weights()) out.push_back(v);
  }
  return out;
}

std::vector<Tensor> StackedRNNCells::losses() const {
  std::vector<Tensor> out = Layer::losses();
  for (const auto& cell : cells_) {
    for (const Tensor& t : cell->losses()) out.push_back(t);
  }
  return out;
}

}  // namespace keras::layers
