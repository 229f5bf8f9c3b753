#pragma once
// keras::Layer: the Keras layer life cycle in C++.
//   constructor  - validates and stores the configuration only (no input sizes, ever);
//   build(shape) - creates the weights once the input shape is known (called lazily);
//   call(x)      - the forward computation, written in ops:: (gradients come from the tape);
//   get_config() - the Keras JSON "config" object.
// Single-input layers override call(); layers with several inputs or outputs override
// call_multi() (and build_multi / compute_output_shapes).
//
// Calling a layer on tensors runs it; calling it on KerasTensors (keras::Input(...)) records a
// graph node for keras::Model(inputs, outputs). A temporary layer moves into the graph
// (`Dense(64)(x)`); a layer used at several places is shared through a std::shared_ptr.
// Layers are movable, not copyable (copies would silently share weights). Concrete layers
// derive from Shareable<T> (below) rather than from Layer directly.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "initializers/initializers.h"
#include "libkeras/model/input_spec.h"
#include "libkeras/model/keras_tensor.h"
#include "libkeras/model/variable.h"
#include "libkeras/serialization/json.h"
#include "libkeras/tensor/tensor.h"

namespace keras {

class Layer : public std::enable_shared_from_this<Layer> {
 public:
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  Layer(Layer&&) = default;
  Layer& operator=(Layer&&) = default;

  /// The Keras class name ("Dense"); the key of the layer registry.
  virtual std::string class_name() const = 0;
  const std::string& name() const { return name_; }

  // Eager calls: build on first use, check the inputs, run, propagate masks.
  Tensor operator()(const Tensor& inputs, bool training = false);
  std::vector<Tensor> operator()(const std::vector<Tensor>& inputs, bool training = false);

  // Symbolic calls (Functional API). On a layer owned by a std::shared_ptr, or a temporary.
  KerasTensor operator()(const KerasTensor& inputs) &;
  KerasTensor operator()(const KerasTensor& inputs) &&;
  std::vector<KerasTensor> operator()(const std::vector<KerasTensor>& inputs) &;
  std::vector<KerasTensor> operator()(const std::vector<KerasTensor>& inputs) &&;

  /// Builds the layer for `input_shape` (batch axis included, -1 = unknown) unless built.
  void maybe_build(const Shape& input_shape);
  void maybe_build(const std::vector<Shape>& input_shapes);
  bool built() const { return built_; }
  /// The (first) shape the layer was built for, if any.
  const std::optional<Shape>& build_input_shape() const { return build_shape_; }
  const std::vector<Shape>& build_input_shapes() const { return build_shapes_; }
  /// The output shape for `input_shape` (batch axis included); throws ShapeError on misfit.
  virtual Shape compute_output_shape(const Shape& input_shape) const;
  /// Output shapes for several inputs; single-input, single-output layers need not override.
  virtual std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const;

  /// Keras config: {"name", "trainable", "dtype", ...layer fields}.
  virtual Json get_config() const;

  bool trainable() const { return trainable_; }
  void set_trainable(bool trainable) { trainable_ = trainable; }
  bool supports_masking() const { return supports_masking_; }

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

  /// One `vars` group of Keras 3's weight store: its path below the layer's own path ("" for
  /// the layer itself), the Keras object's name, and its variables in Keras order.
  struct SaveableVars {
    std::string path;
    std::string name;
    std::vector<Variable*> variables;
  };
  /// Keras 3 saves sub-layers' variables under their Python attribute names (`cell`,
  /// `forward_layer/cell`, `query_dense`), not in the layer's own `vars`; composite layers
  /// override this. The default is the layer itself with all its weights.
  virtual std::vector<SaveableVars> saveable_vars() const;

  /// Losses to add to the training loss: activity-regularization terms of the last call and
  /// the weight regularizers' penalties (Keras' layer.losses).
  virtual std::vector<Tensor> losses() const;
  /// Forgets the activity losses of earlier calls (Keras clears them at each outer call).
  virtual void clear_losses() { activity_losses_.clear(); }

  /// Graph nodes where this layer was called on KerasTensors, in call order.
  std::vector<std::shared_ptr<Node>> inbound_nodes() const;

  /// Moves a temporary layer into shared ownership (implemented by Shareable<T>).
  virtual std::shared_ptr<Layer> into_shared() && = 0;

 protected:
  /// `default_prefix` is the snake-case class name used for auto-naming ("dense" -> "dense_1").
  explicit Layer(const std::string& default_prefix, const std::string& name = "");

  virtual void build(const Shape& input_shape);
  /// Build for several inputs; the default builds from the first input's shape.
  virtual void build_multi(const std::vector<Shape>& input_shapes);
  /// Single-input forward pass.
  virtual Tensor call(const Tensor& inputs, bool training);
  /// Forward pass for any number of inputs and outputs; the default runs call() on one input.
  virtual std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training);
  /// The mask of each output given the inputs' masks (undefined = none). The default passes the
  /// first input's mask through when the layer supports masking, else drops it.
  virtual std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                           std::size_t num_outputs) const;
  /// Checks the inputs against input_spec_ (the first input) before build and call.
  virtual void check_inputs(const std::vector<Shape>& shapes) const;
  /// The inputs as call() should see them; the default leaves them as given (models cast them
  /// to their Input dtypes and ranks, as Keras' Functional does).
  virtual std::vector<Tensor> standardize_inputs(const std::vector<Tensor>& inputs) const { return inputs; }

  /// Creates a weight initialised on the host; order of calls = Keras weight order.
  Variable& add_weight(const std::string& name, const Shape& shape, const InitializerArg& initializer,
                       bool trainable = true, const RegularizerArg& regularizer = {},
                       const ConstraintArg& constraint = {});
  /// Records a loss term computed during call() (activity regularization, add_loss).
  void add_loss(const Tensor& loss) { activity_losses_.push_back(loss); }
  /// Adds the base fields (name, trainable, dtype) to a layer's config.
  Json base_config() const;
  /// `child`'s saveable_vars() below `attribute` (for saveable_vars() overrides).
  static void append_saveable_vars(std::vector<SaveableVars>& out, const std::string& attribute, const Layer& child);

  InputSpec input_spec_;
  bool supports_masking_ = false;
  /// Applied to every output of call() and added to losses() (activity_regularizer=...).
  std::shared_ptr<regularizers::Regularizer> activity_regularizer_;

 private:
  std::vector<KerasTensor> symbolic_call(const std::vector<KerasTensor>& inputs, std::shared_ptr<Layer> self);
  std::shared_ptr<Layer> shared_self(const char* what);

  std::string name_;
  bool trainable_ = true;
  bool built_ = false;
  std::optional<Shape> build_shape_;
  std::vector<Shape> build_shapes_;
  std::vector<std::shared_ptr<Variable>> variables_;
  std::vector<Tensor> activity_losses_;
  bool warned_mask_dropped_ = false;  // Keras warns once per layer (Python's default filter)
  std::vector<std::weak_ptr<Node>> inbound_nodes_;
};

/// The base of concrete layers: `class Dense final : public Shareable<Dense>`. It lets a
/// temporary move into shared ownership, so `Dense(64)(x)` works in the Functional API.
/// `Base` is the direct base class when it is not Layer (e.g. Shareable<MaxPooling2D, Pooling2D>).
template <class Derived, class Base = Layer>
class Shareable : public Base {
 public:
  using Base::Base;
  std::shared_ptr<Layer> into_shared() && override {
    return std::make_shared<Derived>(std::move(static_cast<Derived&>(*this)));
  }
};

}  // namespace keras
