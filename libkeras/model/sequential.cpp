#include "libkeras/model/sequential.h"

#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/utils/error.h"

namespace keras {

Sequential::Sequential(std::initializer_list<SequentialItem> items, const std::string& name)
    : Shareable("sequential", name) {
  for (const auto& item : items) add(item);
}

void Sequential::add(const SequentialItem& item) {
  const std::shared_ptr<Layer>& layer = item.layer();
  if (!layer) throw ValueError("Sequential \"" + name() + "\": cannot add an empty layer");
  if (auto input = std::dynamic_pointer_cast<layers::InputLayer>(layer)) {
    if (input_layer_ || !layers_.empty()) {
      throw ValueError("Sequential \"" + name() + "\": an Input can only be the first item of a Sequential model");
    }
    input_layer_ = input;
    maybe_build(input->batch_shape());
    return;
  }
  for (const auto& existing : layers_) {
    if (existing->name() == layer->name()) {
      throw ValueError("All layers added to a Sequential model should have unique names. Name \"" + layer->name() +
                       "\" is already the name of a layer in this model. Update the `name` argument to pass a "
                       "unique name.");
    }
  }
  if (built()) {
    // The model's output shape is known: build the new layer for it now, as Keras does.
    Shape shape = *build_input_shape();
    for (const auto& l : layers_) shape = l->compute_output_shape(shape);
    layer->maybe_build(shape);
    layer->compute_output_shape(shape);
  }
  layers_.push_back(layer);
}

void Sequential::pop() {
  if (layers_.empty()) throw ValueError("There are no layers in the model.");
  layers_.pop_back();
}

void Sequential::build(const Shape& input_shape) {
  Shape shape = input_shape;
  for (const auto& layer : layers_) {
    layer->maybe_build(shape);
    shape = layer->compute_output_shape(shape);
  }
}

Shape Sequential::compute_output_shape(const Shape& input_shape) const {
  Shape shape = input_shape;
  for (const auto& layer : layers_) shape = layer->compute_output_shape(shape);
  return shape;
}

std::vector<Shape> Sequential::compute_output_shapes(const std::vector<Shape>& input_shapes) const {
  check_inputs(input_shapes);
  return {compute_output_shape(input_shapes[0])};
}

std::vector<std::string> Sequential::input_names() const {
  return {input_layer_ ? input_layer_->name() : std::string("input_layer")};
}

std::vector<std::string> Sequential::output_names() const {
  return {layers_.empty() ? name() : layers_.back()->name()};
}

std::vector<Tensor> Sequential::standardize_inputs(const std::vector<Tensor>& inputs) const {
  if (!input_layer_ || inputs.size() != 1) return inputs;
  return {standardize_input(inputs[0], input_layer_->batch_shape(), input_layer_->dtype())};
}

void Sequential::check_inputs(const std::vector<Shape>& shapes) const {
  if (shapes.size() != 1) {
    throw ValueError("Sequential model \"" + name() + "\" takes one input, but it received " +
                     std::to_string(shapes.size()) + " inputs");
  }
  if (!input_layer_) return;
  const Shape& expected = input_layer_->batch_shape();
  const Shape& got = shapes[0];
  bool ok = got.rank() == expected.rank();
  for (int d = 1; ok && d < expected.rank(); ++d) ok = expected[d] < 0 || got[d] < 0 || expected[d] == got[d];
  if (!ok) {
    throw ShapeError("Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected shape=" +
                     expected.to_string() + ", found shape=" + got.to_string());
  }
}

std::vector<Tensor> Sequential::call_multi(const std::vector<Tensor>& inputs, bool training) {
  if (layers_.empty()) throw ValueError("Sequential model \"" + name() + "\" has no layers");
  Tensor x = inputs.at(0);
  for (const auto& layer : layers_) x = (*layer)(x, training);
  return {x};
}

Json Sequential::get_config() const {
  Json c = base_config();
  Json list = Json::array();
  if (input_layer_) list.push_back(layers::serialize_model_entry(*input_layer_));
  for (const auto& l : layers_) list.push_back(layers::serialize_model_entry(*l));
  c["layers"] = list;
  if (build_input_shape()) {
    Json shape = Json::array();
    for (auto d : *build_input_shape()) shape.push_back(d < 0 ? Json(nullptr) : Json(d));
    c["build_input_shape"] = shape;
  }
  return c;
}

}  // namespace keras
