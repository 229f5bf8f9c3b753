#include "libkeras/model/layer.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "libkeras/utils/warnings.h"

namespace keras {

const std::shared_ptr<Layer>& KerasTensor::layer() const {
  if (!node) throw ValueError("This KerasTensor was not produced by a layer (use keras::Input(...))");
  return node->layer;
}

int KerasTensor::node_index() const { return node ? node->index : 0; }

Layer::Layer(const std::string& default_prefix, const std::string& name)
    : name_(name.empty() ? utils::uniquify(default_prefix) : name) {}

Tensor Layer::operator()(const Tensor& inputs, bool training) {
  std::vector<Tensor> outputs = (*this)(std::vector<Tensor>{inputs}, training);
  if (outputs.size() != 1) {
    throw ValueError("Layer \"" + name_ + "\" returns " + std::to_string(outputs.size()) +
                     " outputs; call it on a list to receive them all");
  }
  return outputs[0];
}

namespace {

// Depth of nested Layer calls on this thread: Keras clears every layer's activity losses when an
// outermost call starts, so a custom loop calling a model repeatedly does not pile them up.
thread_local int call_depth = 0;

struct CallDepth {
  CallDepth() { ++call_depth; }
  ~CallDepth() { --call_depth; }
  CallDepth(const CallDepth&) = delete;
  CallDepth& operator=(const CallDepth&) = delete;
};

}  // namespace

std::vector<Tensor> Layer::operator()(const std::vector<Tensor>& given, bool training) {
  if (given.empty()) throw ValueError("Layer \"" + name_ + "\" was called without inputs");
  if (call_depth == 0) clear_losses();
  CallDepth depth;
  const std::vector<Tensor> inputs = standardize_inputs(given);
  std::vector<Shape> shapes;
  std::vector<Tensor> masks;
  bool any_mask = false;
  for (const Tensor& t : inputs) {
    if (!t.defined()) throw ValueError("Layer \"" + name_ + "\" was called on an undefined tensor");
    shapes.push_back(t.shape());
    masks.push_back(t.mask());
    any_mask = any_mask || masks.back().defined();
  }
  maybe_build(shapes);
  check_inputs(shapes);
  std::vector<Tensor> outputs = call_multi(inputs, training);
  for (Tensor& out : outputs) {
    // An output that is one of the inputs gets its own handle, so its mask can differ
    // (through ops::reshape, so the tape still connects the two).
    for (const Tensor& in : inputs) {
      if (out.id() == in.id()) {
        out = ops::reshape(out, out.shape());
        break;
      }
    }
  }
  if (any_mask) {
    if (!supports_masking_ && !warned_mask_dropped_) {
      warned_mask_dropped_ = true;
      utils::warn("Layer '" + name_ + "' (of type " + class_name() +
                  ") was passed an input with a mask attached to it. However, this layer does not support masking "
                  "and will therefore destroy the mask information. Downstream layers will not see the mask.");
    }
    std::vector<Tensor> out_masks = compute_mask(inputs, masks, outputs.size());
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (!outputs[i].mask().defined() && i < out_masks.size()) outputs[i].set_mask(out_masks[i]);
    }
  }
  if (activity_regularizer_) {
    // Keras 3.14+ divides by the batch size so the penalty's strength does not
    // depend on how the data is batched.
    for (const Tensor& out : outputs) {
      Tensor penalty = (*activity_regularizer_)(out);
      if (out.rank() > 0 && out.shape()[0] > 0) {
        penalty = ops::divide(penalty, Tensor::scalar(static_cast<float>(out.shape()[0])));
      }
      add_loss(penalty);
    }
  }
  return outputs;
}

KerasTensor Layer::operator()(const KerasTensor& inputs) & {
  auto outputs = symbolic_call({inputs}, shared_self("called on a KerasTensor"));
  if (outputs.size() != 1) {
    throw ValueError("Layer \"" + name_ + "\" returns " + std::to_string(outputs.size()) +
                     " outputs; call it on a list to receive them all");
  }
  return outputs[0];
}

KerasTensor Layer::operator()(const KerasTensor& inputs) && {
  std::shared_ptr<Layer> self = std::move(*this).into_shared();
  return (*self)(inputs);
}

std::vector<KerasTensor> Layer::operator()(const std::vector<KerasTensor>& inputs) & {
  return symbolic_call(inputs, shared_self("called on KerasTensors"));
}

std::vector<KerasTensor> Layer::operator()(const std::vector<KerasTensor>& inputs) && {
  std::shared_ptr<Layer> self = std::move(*this).into_shared();
  return (*self)(inputs);
}

std::shared_ptr<Layer> Layer::shared_self(const char* what) {
  std::shared_ptr<Layer> self = weak_from_this().lock();
  if (!self) {
    throw ValueError("Layer \"" + name_ + "\" was " + what +
                     " but is not owned by a std::shared_ptr. Call a temporary (Dense(64)(x)) or create the layer "
                     "with std::make_shared to use it at several places");
  }
  return self;
}

std::vector<KerasTensor> Layer::symbolic_call(const std::vector<KerasTensor>& inputs, std::shared_ptr<Layer> self) {
  if (inputs.empty()) throw ValueError("Layer \"" + name_ + "\" was called without inputs");
  std::vector<Shape> shapes;
  for (const KerasTensor& t : inputs) {
    if (!t.node) throw ValueError("Layer \"" + name_ + "\" was called on a KerasTensor that no layer produced");
    shapes.push_back(t.shape);
  }
  maybe_build(shapes);
  check_inputs(shapes);
  auto node = std::make_shared<Node>();
  node->layer = std::move(self);
  node->inputs = inputs;
  node->output_shapes = compute_output_shapes(shapes);
  node->output_dtypes.assign(node->output_shapes.size(), float32);
  node->index = static_cast<int>(inbound_nodes_.size());
  inbound_nodes_.push_back(node);
  std::vector<KerasTensor> outputs;
  for (std::size_t i = 0; i < node->output_shapes.size(); ++i) {
    outputs.push_back(KerasTensor{node->output_shapes[i], node->output_dtypes[i], node, static_cast<int>(i)});
  }
  return outputs;
}

std::vector<std::shared_ptr<Node>> Layer::inbound_nodes() const {
  std::vector<std::shared_ptr<Node>> nodes;
  for (const auto& w : inbound_nodes_) {
    if (auto n = w.lock()) nodes.push_back(n);
  }
  return nodes;
}

void Layer::maybe_build(const Shape& input_shape) { maybe_build(std::vector<Shape>{input_shape}); }

void Layer::maybe_build(const std::vector<Shape>& input_shapes) {
  if (built_) return;
  check_inputs(input_shapes);
  build_multi(input_shapes);
  build_shapes_ = input_shapes;
  build_shape_ = input_shapes.at(0);
  built_ = true;
}

void Layer::build(const Shape&) {}

void Layer::build_multi(const std::vector<Shape>& input_shapes) { build(input_shapes.at(0)); }

void Layer::check_inputs(const std::vector<Shape>& shapes) const {
  check_input_spec(input_spec_, shapes.at(0), name_);
}

Tensor Layer::call(const Tensor&, bool) {
  throw ValueError("Layer \"" + name_ + "\" (" + class_name() + ") takes several inputs: call it on a list of tensors");
}

std::vector<Tensor> Layer::call_multi(const std::vector<Tensor>& inputs, bool training) {
  if (inputs.size() != 1) {
    throw ValueError("Layer \"" + name_ + "\" (" + class_name() + ") expects 1 input, but it received " +
                     std::to_string(inputs.size()) + " inputs");
  }
  return {call(inputs[0], training)};
}

std::vector<Tensor> Layer::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                        std::size_t num_outputs) const {
  return std::vector<Tensor>(num_outputs, supports_masking_ && !masks.empty() ? masks[0] : Tensor());
}

Shape Layer::compute_output_shape(const Shape& input_shape) const { return input_shape; }

std::vector<Shape> Layer::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  if (input_shapes.size() != 1) {
    throw ValueError("Layer \"" + name_ + "\" (" + class_name() + ") expects 1 input, but it received " +
                     std::to_string(input_shapes.size()) + " inputs");
  }
  return {compute_output_shape(input_shapes[0])};
}

Json Layer::base_config() const {
  return {{"name", name_},
          {"trainable", trainable_},
          {"dtype",
           {{"module", "keras"},
            {"class_name", "DTypePolicy"},
            {"config", {{"name", "float32"}}},
            {"registered_name", nullptr}}}};
}

Json Layer::get_config() const { return base_config(); }

Variable& Layer::add_weight(const std::string& name, const Shape& shape, const InitializerArg& initializer,
                            bool trainable, const RegularizerArg& regularizer, const ConstraintArg& constraint) {
  Tensor value = (*initializer)(shape);
  if (value.shape() != shape) {
    throw ShapeError("Initializer " + initializer->class_name() + " returned shape " + value.shape().to_string() +
                     " for weight '" + name_ + "/" + name + "' of shape " + shape.to_string());
  }
  variables_.push_back(std::make_shared<Variable>(name, name_ + "/" + name, value, trainable));
  variables_.back()->regularizer = regularizer.get();
  variables_.back()->constraint = constraint.get();
  return *variables_.back();
}

std::vector<Tensor> Layer::losses() const {
  std::vector<Tensor> out = activity_losses_;
  // Keras penalises trainable weights only: a frozen layer adds no constant to the loss.
  if (!trainable_) return out;
  for (const auto& v : variables_) {
    if (v->trainable() && v->regularizer) out.push_back((*v->regularizer)(v->value()));
  }
  return out;
}

std::vector<Variable*> Layer::weights() const {
  std::vector<Variable*> out;
  for (const auto& v : variables_) {
    if (v->trainable()) out.push_back(v.get());
  }
  for (const auto& v : variables_) {
    if (!v->trainable()) out.push_back(v.get());
  }
  return out;
}

std::vector<Variable*> Layer::trainable_weights() const {
  std::vector<Variable*> out;
  if (!trainable_) return out;
  for (const auto& v : variables_) {
    if (v->trainable()) out.push_back(v.get());
  }
  return out;
}

std::vector<Variable*> Layer::non_trainable_weights() const {
  std::vector<Variable*> out;
  for (const auto& v : variables_) {
    if (!v->trainable() || !trainable_) out.push_back(v.get());
  }
  return out;
}

std::vector<Layer::SaveableVars> Layer::saveable_vars() const { return {{"", name_, weights()}}; }

void Layer::append_saveable_vars(std::vector<SaveableVars>& out, const std::string& attribute, const Layer& child) {
  for (SaveableVars& group : child.saveable_vars()) {
    group.path = group.path.empty() ? attribute : attribute + "/" + group.path;
    out.push_back(std::move(group));
  }
}

std::vector<Tensor> Layer::get_weights() const {
  std::vector<Tensor> out;
  for (Variable* v : weights()) out.push_back(v->value().clone());
  return out;
}

void Layer::set_weights(const std::vector<Tensor>& values) {
  std::vector<Variable*> vars = weights();
  if (values.size() != vars.size()) {
    throw ValueError("Layer " + name_ + " expects " + std::to_string(vars.size()) + " weights, but received " +
                     std::to_string(values.size()) + " weights");
  }
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (values[i].shape() != vars[i]->shape()) {
      throw ShapeError("Layer " + name_ + " weight shape " + vars[i]->shape().to_string() +
                       " is not compatible with provided weight shape " + values[i].shape().to_string() + " (weight '" +
                       vars[i]->name() + "')");
    }
  }
  for (std::size_t i = 0; i < vars.size(); ++i) vars[i]->assign(values[i]);
}

std::int64_t Layer::count_params() const {
  std::int64_t n = 0;
  for (const Variable* v : weights()) n += v->shape().size();
  return n;
}

}  // namespace keras
