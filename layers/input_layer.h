#pragma once
// keras.layers.InputLayer and keras.Input.

#include <optional>

#include "libkeras/model/keras_tensor.h"
#include "libkeras/model/layer.h"

namespace keras::layers {

struct InputLayerOptions {
  // Explicit initialiser keeps `Options{.name = ...}` clean under -Wmissing-field-initializers.
  std::optional<std::int64_t> batch_size = std::nullopt;
  DType dtype = float32;
  std::string name = "";
};

/// The entry point of a model: passes its input through unchanged.
class InputLayer final : public Shareable<InputLayer> {
 public:
  using Options = InputLayerOptions;
  /// `shape` excludes the batch axis.
  explicit InputLayer(const Shape& shape, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "InputLayer"; }
  Json get_config() const override;
  /// (batch, *shape) with batch -1 unless a batch size was given.
  const Shape& batch_shape() const { return batch_shape_; }
  DType dtype() const { return dtype_; }
  /// The symbolic tensor this layer feeds into a graph (the layer must be shared-owned).
  KerasTensor output();

 protected:
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  Shape batch_shape_;
  DType dtype_;
  // The layer's graph node, held weakly (the node owns the layer); the KerasTensors that
  // refer to it and the nodes downstream keep it alive.
  std::weak_ptr<Node> node_;
};

}  // namespace keras::layers

namespace keras {

/// keras.Input(shape): a symbolic model input. `shape` excludes the batch axis.
KerasTensor Input(const Shape& shape, layers::InputLayer::Options options = {});

}  // namespace keras
