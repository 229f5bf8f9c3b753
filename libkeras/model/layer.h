#pragma once
// keras::Layer: the Keras layer life cycle in C++.
//   constructor  - validates and stores the configuration only (no input sizes, ever);
//   build(shape) - creates the weights once the input shape is known (called lazily);
//   call(x)      - the forward computation, written in ops:: (gradients come from the tape);
//   get_config() - the Keras JSON "config" object.
// Layers are movable, not copyable (copies would silently share weights).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "initializers/initializers.h"
#include "libkeras/model/input_spec.h"
#include "libkeras/model/variable.h"
#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras {

class Layer {
 public:
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  Layer(Layer&&) = default;
  Layer& operator=(Layer&&) = default;

  /// The Keras class name ("Dense"); the key of the layer registry.
  virtual std::string class_name() const = 0;
  const std::string& name() const { return name_; }

  /// Builds on first use, checks the input against the layer's InputSpec, then calls call().
  Tensor operator()(const Tensor& inputs, bool training = false);

  /// Builds the layer for `input_shape` (batch axis included, -1 = unknown) unless built.
  void maybe_build(const Shape& input_shape);
  bool built() const { return built_; }
  /// The shape the layer was built for, if any.
  const std::optional<Shape>& build_input_shape() const { return build_shape_; }
  /// The output shape for `input_shape` (batch axis included); throws ShapeError on misfit.
  virtual Shape compute_output_shape(const Shape& input_shape) const;

  /// Keras config: {"name", "trainable", "dtype", ...layer fields}.
  virtual Json get_config() const;

  bool trainable() const { return trainable_; }
  void set_trainable(bool trainable) { trainable_ = trainable; }

  /// All weights in Keras order: trainable ones, then non-trainable ones, each in creation order.
  /// Models list their layers' weights, layer by layer.
  virtual std::vector<Variable*> weights() const;
  /// Empty when the layer is frozen (trainable == false).
  virtual std::vector<Variable*> trainable_weights() const;
  virtual std::vector<Variable*> non_trainable_weights() const;
  std::vector<Tensor> get_weights() const;
  /// Assigns weights in weights() order; counts and shapes must match (errors name the layer).
  void set_weights(const std::vector<Tensor>& values);
  std::int64_t count_params() const;

 protected:
  /// `default_prefix` is the snake-case class name used for auto-naming ("dense" -> "dense_1").
  explicit Layer(const std::string& default_prefix, const std::string& name = "");

  virtual void build(const Shape& input_shape);
  virtual Tensor call(const Tensor& inputs, bool training) = 0;

  /// Creates a weight initialised on the host; order of calls = Keras weight order.
  Variable& add_weight(const std::string& name, const Shape& shape, const InitializerArg& initializer,
                       bool trainable = true);
  /// Adds the base fields (name, trainable, dtype) to a layer's config.
  Json base_config() const;

  InputSpec input_spec_;

 private:
  std::string name_;
  bool trainable_ = true;
  bool built_ = false;
  std::optional<Shape> build_shape_;
  std::vector<std::shared_ptr<Variable>> variables_;
};

}  // namespace keras
