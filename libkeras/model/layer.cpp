#include "libkeras/model/layer.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"

namespace keras {

Layer::Layer(const std::string& default_prefix, const std::string& name)
    : name_(name.empty() ? utils::uniquify(default_prefix) : name) {}

Tensor Layer::operator()(const Tensor& inputs, bool training) {
  Shape shape = inputs.shape();
  maybe_build(shape);
  check_input_spec(input_spec_, shape, name_);
  return call(inputs, training);
}

void Layer::maybe_build(const Shape& input_shape) {
  if (built_) return;
  check_input_spec(input_spec_, input_shape, name_);
  build(input_shape);
  build_shape_ = input_shape;
  built_ = true;
}

void Layer::build(const Shape&) {}

Shape Layer::compute_output_shape(const Shape& input_shape) const { return input_shape; }

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
                            bool trainable) {
  Tensor value = (*initializer)(shape);
  if (value.shape() != shape) {
    throw ShapeError("Initializer " + initializer->class_name() + " returned shape " + value.shape().to_string() +
                     " for weight '" + name_ + "/" + name + "' of shape " + shape.to_string());
  }
  variables_.push_back(std::make_shared<Variable>(name, name_ + "/" + name, value, trainable));
  return *variables_.back();
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
