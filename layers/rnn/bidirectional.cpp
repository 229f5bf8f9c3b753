#include "layers/rnn/bidirectional.h"

#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

namespace {

std::string without_prefix(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s;
}

std::shared_ptr<RNN> as_rnn(const std::shared_ptr<Layer>& layer, const std::string& owner, const std::string& what) {
  auto rnn = std::dynamic_pointer_cast<RNN>(layer);
  if (!rnn) {
    throw ValueError(owner + ": `" + what + "` must be a recurrent layer (RNN, SimpleRNN, LSTM, GRU, ConvLSTM2D), " +
                     "received " + (layer ? layer->class_name() : std::string("null")));
  }
  return rnn;
}

// A fresh layer from `layer`'s config with a new name (and go_backwards when `backwards`).
std::shared_ptr<RNN> copy_of(const Layer& layer, const std::string& prefix, bool backwards, const std::string& owner) {
  Json config = layers::serialize(layer);
  config["config"]["name"] = prefix + without_prefix(layer.name(), prefix);
  if (backwards) config["config"]["go_backwards"] = true;
  return as_rnn(layers::deserialize(config), owner, "layer");
}

}  // namespace

Bidirectional::Bidirectional(const Layer& layer, Options options)
    : Shareable("bidirectional", options.name), merge_mode_(std::move(options.merge_mode)) {
  const std::string owner = "Bidirectional layer \"" + name() + "\"";
  if (!dynamic_cast<const RNN*>(&layer)) {
    throw ValueError(owner +
                     ": please initialize it with a recurrent layer (RNN, SimpleRNN, LSTM, GRU, ConvLSTM2D), "
                     "received " +
                     layer.class_name());
  }
  if (merge_mode_ && *merge_mode_ != "concat" && *merge_mode_ != "sum" && *merge_mode_ != "mul" &&
      *merge_mode_ != "ave") {
    throw ValueError(owner + ": invalid merge mode. Received: " + *merge_mode_ +
                     ". Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}");
  }
  forward_ = copy_of(layer, "forward_", false, owner);
  backward_ = options.backward_layer ? as_rnn(options.backward_layer, owner, "backward_layer")
                                     : copy_of(layer, "backward_", true, owner);
  const RNNOptions &f = forward_->rnn_options(), &b = backward_->rnn_options();
  if (f.go_backwards == b.go_backwards) {
    throw ValueError(owner +
                     ": forward layer and backward layer should have different `go_backwards` value. "
                     "Received: forward_layer.go_backwards=" +
                     (f.go_backwards ? "True" : "False") +
                     ", backward_layer.go_backwards=" + (b.go_backwards ? "True" : "False"));
  }
  const std::pair<const char*, std::pair<bool, bool>> common[] = {
      {"stateful", {f.stateful, b.stateful}},
      {"return_sequences", {f.return_sequences, b.return_sequences}},
      {"return_state", {f.return_state, b.return_state}}};
  for (const auto& [attr, values] : common) {
    if (values.first != values.second) {
      throw ValueError(owner +
                       ": forward layer and backward layer are expected to have the same value for attribute \"" +
                       attr + "\", got \"" + (values.first ? "True" : "False") + "\" for forward layer and \"" +
                       (values.second ? "True" : "False") + "\" for backward layer");
    }
  }
  // Keras: masked steps output zeros in both directions when sequences are returned, so the
  // two halves line up after the backward output is flipped.
  forward_->set_zero_output_for_mask(f.return_sequences);
  backward_->set_zero_output_for_mask(b.return_sequences);
  supports_masking_ = true;
  input_spec_.min_ndim = 3;
}

std::shared_ptr<Layer> Bidirectional::from_config(const Json& config) {
  ConfigReader c(config, "Bidirectional layer");
  Options o;
  // A missing merge_mode is Keras' default "concat"; only an explicit null means separate outputs.
  if (c.has("merge_mode") && c.is_null("merge_mode")) {
    o.merge_mode = std::nullopt;
  } else {
    o.merge_mode = c.string("merge_mode", "concat");
  }
  if (!c.is_null("backward_layer")) o.backward_layer = layers::deserialize(c.raw("backward_layer"));
  o.name = c.string("name", "");
  std::shared_ptr<Layer> inner = layers::deserialize(c.raw("layer"));
  return std::make_shared<Bidirectional>(*inner, o);
}

Json Bidirectional::get_config() const {
  Json c = base_config();
  c["merge_mode"] = merge_mode_ ? Json(*merge_mode_) : Json(nullptr);
  c["layer"] = layers::serialize(*forward_);
  c["backward_layer"] = layers::serialize(*backward_);
  return c;
}

std::vector<Shape> Bidirectional::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  std::vector<Shape> inner = forward_->compute_output_shapes({input_shapes.at(0)});
  std::vector<Shape> out;
  Shape y = inner[0];
  if (merge_mode_ == "concat") {
    std::vector<std::int64_t> dims = y.dims();
    dims.back() *= 2;
    out.push_back(Shape(dims));
  } else {
    out.push_back(y);
    if (!merge_mode_) out.push_back(y);
  }
  for (int copy = 0; copy < 2; ++copy) out.insert(out.end(), inner.begin() + 1, inner.end());
  return out;
}

Shape Bidirectional::compute_output_shape(const Shape& input_shape) const {
  return compute_output_shapes({input_shape})[0];
}

void Bidirectional::check_inputs(const std::vector<Shape>& shapes) const {
  Layer::check_inputs(shapes);
  std::vector<std::int64_t> step{shapes[0][0]};
  for (int k = 2; k < shapes[0].rank(); ++k) step.push_back(shapes[0][k]);
  const std::size_t per_layer = forward_->cell().state_shapes(Shape(step)).size();
  const std::size_t given = shapes.size() - 1;
  if (given != 0 && given != 2 * per_layer) {
    throw ShapeError("Layer \"" + name() + "\" (Bidirectional) expects 0 or " + std::to_string(2 * per_layer) +
                     " initial states (the forward layer's, then the backward layer's), received " +
                     std::to_string(given));
  }
}

void Bidirectional::build_multi(const std::vector<Shape>& input_shapes) {
  forward_->maybe_build(input_shapes[0]);
  backward_->maybe_build(input_shapes[0]);
}

std::vector<Tensor> Bidirectional::call_multi(const std::vector<Tensor>& inputs, bool training) {
  const std::size_t half = (inputs.size() - 1) / 2;
  std::vector<Tensor> fwd_in{inputs[0]}, bwd_in{inputs[0]};
  fwd_in.insert(fwd_in.end(), inputs.begin() + 1, inputs.begin() + 1 + static_cast<std::ptrdiff_t>(half));
  bwd_in.insert(bwd_in.end(), inputs.begin() + 1 + static_cast<std::ptrdiff_t>(half), inputs.end());
  std::vector<Tensor> y = (*forward_)(fwd_in, training);
  std::vector<Tensor> y_rev = (*backward_)(bwd_in, training);
  Tensor a = y[0], b = y_rev[0];
  if (forward_->rnn_options().return_sequences) b = ops::flip(b, 1);
  std::vector<Tensor> out;
  if (!merge_mode_) {
    out = {a, b};
  } else if (*merge_mode_ == "concat") {
    out = {ops::concatenate({a, b}, -1)};
  } else if (*merge_mode_ == "sum") {
    out = {ops::add(a, b)};
  } else if (*merge_mode_ == "ave") {
    out = {ops::multiply(ops::add(a, b), Tensor::scalar(0.5f, a.device()))};
  } else {
    out = {ops::multiply(a, b)};
  }
  out.insert(out.end(), y.begin() + 1, y.end());
  out.insert(out.end(), y_rev.begin() + 1, y_rev.end());
  return out;
}

std::vector<Tensor> Bidirectional::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                                std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (forward_->rnn_options().return_sequences && !masks.empty()) {
    out[0] = masks[0];
    if (!merge_mode_) out[1] = masks[0];
  }
  return out;
}

std::vector<Layer::SaveableVars> Bidirectional::saveable_vars() const {
  std::vector<SaveableVars> out{{"", name(), {}}};
  append_saveable_vars(out, "forward_layer", *forward_);
  append_saveable_vars(out, "backward_layer", *backward_);
  return out;
}

std::vector<Variable*> Bidirectional::weights() const {
  std::vector<Variable*> out = forward_->weights();
  for (Variable* v : backward_->weights()) out.push_back(v);
  return out;
}

std::vector<Variable*> Bidirectional::trainable_weights() const {
  if (!trainable()) return {};
  std::vector<Variable*> out = forward_->trainable_weights();
  for (Variable* v : backward_->trainable_weights()) out.push_back(v);
  return out;
}

std::vector<Variable*> Bidirectional::non_trainable_weights() const {
  if (!trainable()) return weights();
  std::vector<Variable*> out = forward_->non_trainable_weights();
  for (Variable* v : backward_->non_trainable_weights()) out.push_back(v);
  return out;
}

std::vector<Tensor> Bidirectional::losses() const {
  std::vector<Tensor> out = Layer::losses();
  for (const RNN* l : {forward_.get(), backward_.get()}) {
    for (const Tensor& t : l->losses()) out.push_back(t);
  }
  return out;
}

void Bidirectional::clear_losses() {
  Layer::clear_losses();
  forward_->clear_losses();
  backward_->clear_losses();
}

void Bidirectional::reset_state() {
  if (!forward_->rnn_options().stateful) {
    throw ValueError("Bidirectional layer \"" + name() + "\": reset_state() needs stateful layers");
  }
  forward_->reset_state();
  backward_->reset_state();
}

}  // namespace keras::layers
