#pragma once
// keras.Sequential: a plain stack of layers, each with one input and one output.
//
//   Sequential model{Input({28, 28, 1}), Conv2D(32, {3, 3}, "relu"), Flatten(), Dense(10, "softmax")};
//
// With an Input the model is built at once (summary() shows every shape); without one it is
// built from the data's shape on first use.

#include <concepts>
#include <initializer_list>
#include <memory>
#include <type_traits>

#include "layers/input_layer.h"
#include "libkeras/model/keras_tensor.h"
#include "libkeras/model/model.h"

namespace keras {

/// One entry of a Sequential: a layer (moved in, or shared) or keras::Input(...).
class SequentialItem {
 public:
  template <class L>
    requires std::derived_from<std::decay_t<L>, Layer> && (!std::is_lvalue_reference_v<L>)
  SequentialItem(L&& layer) : layer_(std::make_shared<std::decay_t<L>>(std::move(layer))) {}
  template <class L>
    requires std::derived_from<L, Layer>
  SequentialItem(std::shared_ptr<L> layer) : layer_(std::move(layer)) {}
  SequentialItem(const KerasTensor& input) : layer_(input.layer()) {}

  const std::shared_ptr<Layer>& layer() const { return layer_; }

 private:
  std::shared_ptr<Layer> layer_;
};

class Sequential : public Shareable<Sequential, Model> {
 public:
  Sequential(std::initializer_list<SequentialItem> items = {}, const std::string& name = "");
  explicit Sequential(const std::string& name) : Sequential({}, name) {}

  /// Appends a layer; names must be unique within the model.
  void add(const SequentialItem& item);
  /// Removes the last layer.
  void pop();

  std::string class_name() const override { return "Sequential"; }
  std::vector<std::shared_ptr<Layer>> layers() const override { return layers_; }
  std::vector<std::string> input_names() const override;
  std::vector<std::string> output_names() const override;
  Shape compute_output_shape(const Shape& input_shape) const override;
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;
  /// {"name", "trainable", "dtype", "layers": [...], "build_input_shape"}.
  Json get_config() const override;
  /// The InputLayer, if the model was given one.
  const std::shared_ptr<layers::InputLayer>& input_layer() const { return input_layer_; }

 protected:
  void build(const Shape& input_shape) override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> standardize_inputs(const std::vector<Tensor>& inputs) const override;
  bool sequential_like() const override { return true; }

 private:
  std::shared_ptr<layers::InputLayer> input_layer_;
  std::vector<std::shared_ptr<Layer>> layers_;
};

}  // namespace keras
