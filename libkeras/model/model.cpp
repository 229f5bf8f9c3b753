#include "libkeras/model/model.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "layers/input_layer.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/functional_graph.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"

namespace keras {

EvaluationResult::EvaluationResult(std::vector<std::string> names, std::vector<double> values)
    : names_(std::move(names)), values_(std::move(values)) {}

double EvaluationResult::operator[](std::size_t i) const {
  if (i >= values_.size()) {
    throw ValueError("Result index " + std::to_string(i) + " is out of range: the model reports " +
                     std::to_string(values_.size()) + " values");
  }
  return values_[i];
}

double EvaluationResult::operator[](const std::string& name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return values_[i];
  }
  std::string known;
  for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
  throw ValueError("No metric named '" + name + "'. The model reports: " + known);
}

Logs EvaluationResult::as_dict() const {
  Logs logs;
  for (std::size_t i = 0; i < names_.size(); ++i) logs[names_[i]] = values_[i];
  return logs;
}

// A model's outputs carry the masks its own layers computed; it adds none and warns of none.
Model::Model(const std::string& default_prefix, const std::string& name) : Shareable(default_prefix, name) {
  supports_masking_ = true;
}

Model::Model(const std::vector<KerasTensor>& inputs, const std::vector<KerasTensor>& outputs, const std::string& name)
    : Shareable("functional", name), inputs_(inputs), outputs_(outputs) {
  supports_masking_ = true;
  if (inputs.empty() || outputs.empty()) throw ValueError("A Functional model needs at least one input and one output");
  for (const KerasTensor& in : inputs) {
    if (!in.node || !std::dynamic_pointer_cast<layers::InputLayer>(in.node->layer)) {
      throw ValueError("All inputs of a Functional model must come from keras::Input(...)");
    }
  }
  for (const KerasTensor& out : outputs) {
    if (!out.node) throw ValueError("Every output of a Functional model must be produced by a layer");
  }
  detail::GraphMap g = detail::map_graph(inputs_, outputs_);
  nodes_ = std::move(g.nodes);
  node_depth_ = std::move(g.node_depth);
  layers_ = std::move(g.layers);
  std::vector<Shape> shapes;
  for (const KerasTensor& in : inputs_) shapes.push_back(in.shape);
  maybe_build(shapes);
}

std::vector<std::shared_ptr<Layer>> Model::layers() const { return layers_; }

std::vector<std::string> Model::input_names() const {
  std::vector<std::string> names;
  for (const KerasTensor& t : inputs_) names.push_back(t.layer()->name());
  return names;
}

std::vector<std::string> Model::output_names() const {
  std::vector<std::string> names;
  for (const KerasTensor& t : outputs_) names.push_back(t.layer()->name());
  return names;
}

bool Model::sequential_like() const {
  // keras summary_utils: sequential-like when every depth holds one node with one input and no
  // layer is called twice.
  std::unordered_map<int, int> per_depth;
  std::unordered_map<const Layer*, int> calls;
  for (const auto& n : nodes_) {
    if (n->inputs.size() > 1) return false;
    if (++per_depth[node_depth_.at(n.get())] > 1) return false;
    if (++calls[n->layer.get()] > 1) return false;
  }
  return true;
}

void Model::check_inputs(const std::vector<Shape>& shapes) const {
  if (inputs_.empty()) return;
  if (shapes.size() != inputs_.size()) {
    throw ValueError("Layer \"" + name() + "\" expects " + std::to_string(inputs_.size()) + " input(s), but it received " +
                     std::to_string(shapes.size()) + " input tensors");
  }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const Shape& expected = inputs_[i].shape;
    bool ok = shapes[i].rank() == expected.rank();
    for (int d = 1; ok && d < expected.rank(); ++d) ok = expected[d] < 0 || shapes[i][d] < 0 || expected[d] == shapes[i][d];
    if (!ok) {
      throw ShapeError("Input " + std::to_string(i) + " of layer \"" + name() +
                       "\" is incompatible with the layer: expected shape=" + expected.to_string() +
                       ", found shape=" + shapes[i].to_string());
    }
  }
}

Tensor standardize_input(const Tensor& given, const Shape& input_shape, DType input_dtype) {
  // keras Functional._adjust_input_rank: a trailing axis of size 1 is added or dropped to match
  // the Input's rank; then _convert_inputs_to_tensors casts to the Input's dtype.
  Tensor x = given;
  if (x.rank() == input_shape.rank() + 1 && x.shape()[x.rank() - 1] == 1) {
    x = ops::squeeze(x, -1);
  } else if (x.rank() + 1 == input_shape.rank() && input_shape[input_shape.rank() - 1] == 1) {
    x = ops::expand_dims(x, -1);
  }
  return x.dtype() == input_dtype ? x : ops::cast(x, input_dtype);
}

std::vector<Tensor> Model::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>&,
                                        std::size_t num_outputs) const {
  return std::vector<Tensor>(num_outputs);
}

std::vector<Tensor> Model::standardize_inputs(const std::vector<Tensor>& given) const {
  if (given.size() != inputs_.size()) return given;  // check_inputs() reports the count
  std::vector<Tensor> inputs;
  for (std::size_t i = 0; i < given.size(); ++i) {
    inputs.push_back(standardize_input(given[i], inputs_[i].shape, inputs_[i].dtype));
  }
  return inputs;
}

std::vector<Tensor> Model::call_multi(const std::vector<Tensor>& inputs, bool training) {
  std::unordered_map<const Node*, std::vector<Tensor>> values;
  for (std::size_t i = 0; i < inputs_.size(); ++i) values[inputs_[i].node.get()] = {inputs[i]};
  for (const auto& node : nodes_) {
    if (node->inputs.empty()) continue;  // an InputLayer: fed above
    std::vector<Tensor> args;
    for (const KerasTensor& t : node->inputs) args.push_back(values.at(t.node.get()).at(static_cast<std::size_t>(t.index)));
    values[node.get()] = (*node->layer)(args, training);
  }
  std::vector<Tensor> outputs;
  for (const KerasTensor& t : outputs_) outputs.push_back(values.at(t.node.get()).at(static_cast<std::size_t>(t.index)));
  return outputs;
}

std::vector<Shape> Model::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  check_inputs(input_shapes);
  std::vector<Shape> shapes;
  for (const KerasTensor& t : outputs_) {
    Shape s = t.shape;
    if (s.rank() > 0 && !input_shapes.empty() && input_shapes[0].rank() > 0) s[0] = input_shapes[0][0];
    shapes.push_back(s);
  }
  return shapes;
}

Shape Model::compute_output_shape(const Shape& input_shape) const {
  std::vector<Shape> shapes = compute_output_shapes({input_shape});
  if (shapes.size() != 1) throw ValueError("Model \"" + name() + "\" has several outputs: use compute_output_shapes()");
  return shapes[0];
}

Layer& Model::get_layer(const std::string& layer_name) const {
  for (const auto& l : layers()) {
    if (l->name() == layer_name) return *l;
  }
  std::string known;
  for (const auto& l : layers()) known += (known.empty() ? "" : ", ") + l->name();
  throw ValueError("No such layer: " + layer_name + ". Existing layers are: [" + known + "].");
}

Layer& Model::get_layer(int index) const {
  auto all = layers();
  if (index < 0 || index >= static_cast<int>(all.size())) {
    throw ValueError("Was asked to retrieve layer at index " + std::to_string(index) + " but model only has " +
                     std::to_string(all.size()) + " layers.");
  }
  return *all[static_cast<std::size_t>(index)];
}

// A layer reachable twice (used directly and inside a nested model) owns its variables and
// losses once, as Keras de-duplicates them by identity.
namespace {

void append_unique(std::vector<Variable*>& out, std::unordered_set<const Variable*>& seen,
                   const std::vector<Variable*>& more) {
  for (Variable* v : more) {
    if (seen.insert(v).second) out.push_back(v);
  }
}

}  // namespace

std::vector<Variable*> Model::weights() const {
  std::vector<Variable*> out;
  std::unordered_set<const Variable*> seen;
  for (const auto& l : layers()) append_unique(out, seen, l->weights());
  return out;
}

std::vector<Variable*> Model::trainable_weights() const {
  std::vector<Variable*> out;
  if (!trainable()) return out;
  std::unordered_set<const Variable*> seen;
  for (const auto& l : layers()) append_unique(out, seen, l->trainable_weights());
  return out;
}

std::vector<Variable*> Model::non_trainable_weights() const {
  std::vector<Variable*> out;
  std::unordered_set<const Variable*> seen;
  for (const auto& l : layers()) append_unique(out, seen, trainable() ? l->non_trainable_weights() : l->weights());
  return out;
}

void Model::collect_losses(std::vector<Tensor>& out, std::unordered_set<const Layer*>& seen) const {
  for (const Tensor& t : Layer::losses()) out.push_back(t);
  for (const auto& l : layers()) {
    if (!seen.insert(l.get()).second) continue;
    if (const auto* nested = dynamic_cast<const Model*>(l.get())) {
      nested->collect_losses(out, seen);
    } else {
      for (const Tensor& t : l->losses()) out.push_back(t);
    }
  }
}

std::vector<Tensor> Model::losses() const {
  std::vector<Tensor> out;
  std::unordered_set<const Layer*> seen{this};
  collect_losses(out, seen);
  return out;
}

void Model::clear_losses() {
  Layer::clear_losses();
  for (const auto& l : layers()) l->clear_losses();
}

void Model::compile(CompileOptions options) {
  optimizer_ = options.optimizer.get();
  if (!optimizer_) throw ValueError("compile(): `optimizer` must be a name or an optimizer object");
  loss_spec_ = std::move(options.loss);
  loss_weights_spec_ = std::move(options.loss_weights);
  metrics_spec_ = std::move(options.metrics);
  weighted_metrics_spec_ = std::move(options.weighted_metrics);
  losses_.clear();
  metrics_.clear();
  weighted_metrics_.clear();
  output_loss_trackers_.clear();
  metrics_built_ = false;
  loss_tracker_.reset_state();
  compiled_ = true;
}

void Model::build_compiled(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred) {
  if (metrics_built_) return;
  std::vector<std::string> names = output_names();
  std::vector<LossArg> loss_args = loss_spec_.resolve(names);
  bool any = false;
  losses_.assign(names.size(), nullptr);
  for (std::size_t o = 0; o < names.size(); ++o) {
    if (loss_args[o].empty()) continue;
    losses_[o] = loss_args[o].resolve(y_true[o].shape(), y_pred[o].shape());
    any = true;
  }
  if (!any) throw ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
  loss_weights_ = loss_weights_spec_.resolve(names);
  auto resolve_metrics = [&](const MetricsSpec& spec, const std::string& argument) {
    std::vector<std::vector<std::shared_ptr<metrics::Metric>>> out;
    auto per_output = spec.resolve(names, argument);
    for (std::size_t o = 0; o < names.size(); ++o) {
      out.emplace_back();
      for (const MetricArg& m : per_output[o]) out.back().push_back(m.resolve(y_true[o].shape(), y_pred[o].shape()));
    }
    return out;
  };
  metrics_ = resolve_metrics(metrics_spec_, "metrics");
  weighted_metrics_ = resolve_metrics(weighted_metrics_spec_, "weighted_metrics");
  output_loss_trackers_.clear();
  for (const auto& n : names) output_loss_trackers_.emplace_back(n + "_loss");
  metrics_built_ = true;
}

Tensor Model::compute_loss(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                           const std::vector<Tensor>& sample_weight, std::vector<double>& per_output) {
  Tensor total;
  per_output.assign(y_pred.size(), 0.0);
  const bool several = logs_per_output_loss();
  for (std::size_t o = 0; o < y_pred.size(); ++o) {
    if (!losses_[o]) continue;
    Tensor value = (*losses_[o])(y_true[o], y_pred[o], sample_weight[o]);
    if (several) per_output[o] = value.item();
    Tensor weighted = loss_weights_[o] == 1.0 ? value : value * static_cast<float>(loss_weights_[o]);
    total = total.defined() ? ops::add(total, weighted) : weighted;
  }
  for (const Tensor& extra : losses()) total = ops::add(total, ops::sum(extra));
  return total;
}

void Model::update_metrics(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                           const std::vector<Tensor>& sample_weight, double loss, const std::vector<double>& per_output,
                           std::int64_t batch) {
  autograd::NoGradGuard no_grad;
  loss_tracker_.update(loss, static_cast<double>(batch));
  for (std::size_t o = 0; o < y_pred.size(); ++o) {
    if (logs_per_output_loss() && losses_[o]) output_loss_trackers_[o].update(per_output[o], static_cast<double>(batch));
    for (auto& m : metrics_[o]) m->update_state(y_true[o], y_pred[o]);
    for (auto& m : weighted_metrics_[o]) m->update_state(y_true[o], y_pred[o], sample_weight[o]);
  }
}

void Model::reset_metrics() {
  loss_tracker_.reset_state();
  for (auto& t : output_loss_trackers_) t.reset_state();
  for (auto& per_output : metrics_) {
    for (auto& m : per_output) m->reset_state();
  }
  for (auto& per_output : weighted_metrics_) {
    for (auto& m : per_output) m->reset_state();
  }
}

bool Model::logs_per_output_loss() const {
  // keras compile_utils.CompileLoss: "{output}_loss" trackers exist only when more than one
  // output has a loss.
  return std::count_if(losses_.begin(), losses_.end(), [](const auto& l) { return l != nullptr; }) > 1;
}

std::string Model::output_prefix(std::size_t output) const {
  return outputs_.size() > 1 ? output_names()[output] + "_" : "";
}

Logs Model::metric_results() const {
  // keras compile_utils.CompileMetrics.result: per-output prefixes, "_1" suffixes for repeated
  // names, "weighted_" for weighted metrics that collide.
  Logs logs{{"loss", loss_tracker_.result()}};
  std::map<std::string, int> seen;
  for (std::size_t o = 0; o < metrics_.size(); ++o) {
    for (const auto& m : metrics_[o]) {
      std::string name = output_prefix(o) + m->name();
      int n = seen[name]++;
      logs[n == 0 ? name : name + "_" + std::to_string(n)] = m->result();
    }
  }
  for (std::size_t o = 0; o < weighted_metrics_.size(); ++o) {
    for (const auto& m : weighted_metrics_[o]) {
      std::string name = output_prefix(o) + m->name();
      if (seen.count(name)) name = output_prefix(o) + "weighted_" + m->name();
      int n = seen[name]++;
      logs[n == 0 ? name : name + "_" + std::to_string(n)] = m->result();
    }
  }
  if (logs_per_output_loss()) {
    for (std::size_t o = 0; o < output_loss_trackers_.size(); ++o) {
      if (o < losses_.size() && losses_[o]) logs[output_loss_trackers_[o].name()] = output_loss_trackers_[o].result();
    }
  }
  return logs;
}

EvaluationResult Model::ordered_results() const {
  // keras Trainer._flatten_metrics_in_order: the loss, the compiled metrics by their own
  // names, the per-output losses, then any other log entry in sorted order.
  Logs logs = metric_results();
  std::vector<std::string> order{"loss"};
  for (const auto& per_output : metrics_) {
    for (const auto& m : per_output) order.push_back(m->name());
  }
  for (const auto& per_output : weighted_metrics_) {
    for (const auto& m : per_output) order.push_back(m->name());
  }
  if (logs_per_output_loss()) {
    for (std::size_t o = 0; o < output_loss_trackers_.size(); ++o) {
      if (o < losses_.size() && losses_[o]) order.push_back(output_loss_trackers_[o].name());
    }
  }
  std::vector<std::string> names;
  std::vector<double> values;
  for (const auto& n : order) {
    auto it = logs.find(n);
    if (it != logs.end()) {
      names.push_back(n);
      values.push_back(it->second);
    }
  }
  for (const auto& [k, v] : logs) {
    if (std::find(order.begin(), order.end(), k) == order.end()) {
      names.push_back(k);
      values.push_back(v);
    }
  }
  return EvaluationResult(names, values);
}

std::vector<std::string> Model::metrics_names() const { return ordered_results().names(); }

}  // namespace keras
