#pragma once
// The layer registry: Keras class_name -> factory from a config. JSON loading, kfit and
// summary() all resolve layers through it.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libkeras/model/layer.h"
#include "libkeras/serialization/registry.h"

namespace keras::layers {

using LayerFactory = std::function<std::shared_ptr<Layer>(const Json& config)>;

/// Every built-in layer, filled once by register_builtin_layers().
const Registry<LayerFactory>& registry();

/// A layer from {"class_name": ..., "config": {...}}; unknown class names list the known ones.
std::shared_ptr<Layer> deserialize(const Json& layer_config);

/// Keras 3 serialised form of a layer: {"module", "class_name", "config", "registered_name"}.
Json serialize(const Layer& layer);
/// A layer entry of a model config: serialize() plus, once built, Keras 3's "build_config"
/// ({"input_shape": ...}, or {"shapes_dict": ...} for MultiHeadAttention), which Keras'
/// load_model uses to create the weights before loading them.
Json serialize_model_entry(const Layer& layer);

/// A shape as Keras writes it in configs: a list with null for unknown sizes.
Json shape_json(const Shape& shape);

namespace detail {
// One registration function per layer family (layers/<family>/register_<family>_layers.cpp).
void register_convolutional_layers(Registry<LayerFactory>& r);
void register_pooling_layers(Registry<LayerFactory>& r);
void register_reshaping_layers(Registry<LayerFactory>& r);
void register_core_layers(Registry<LayerFactory>& r);
void register_merging_layers(Registry<LayerFactory>& r);
void register_regularization_layers(Registry<LayerFactory>& r);
void register_activations_layers(Registry<LayerFactory>& r);
void register_normalization_layers(Registry<LayerFactory>& r);
void register_attention_layers(Registry<LayerFactory>& r);
void register_rnn_layers(Registry<LayerFactory>& r);
}  // namespace detail

}  // namespace keras::layers
