#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "layers/layers.h"

namespace keras::layers {

namespace {

void register_builtin_layers(Registry<LayerFactory>& r) {
  r.add("InputLayer", &InputLayer::from_config);
  r.add("Dense", &Dense::from_config);
  r.add("Conv2D", &Conv2D::from_config);
  r.add("MaxPooling2D", &MaxPooling2D::from_config);
  r.add("AveragePooling2D", &AveragePooling2D::from_config);
  r.add("Flatten", &Flatten::from_config);
  r.add("Reshape", &Reshape::from_config);
  r.add("Dropout", &Dropout::from_config);
  r.add("Activation", &Activation::from_config);
  detail::register_convolutional_layers(r);
  detail::register_pooling_layers(r);
  detail::register_reshaping_layers(r);
  detail::register_core_layers(r);
  detail::register_merging_layers(r);
  detail::register_regularization_layers(r);
  detail::register_activations_layers(r);
  detail::register_normalization_layers(r);
  detail::register_attention_layers(r);
  detail::register_rnn_layers(r);
}

}  // namespace

const Registry<LayerFactory>& registry() {
  static const Registry<LayerFactory> r = [] {
    Registry<LayerFactory> reg("layer");
    register_builtin_layers(reg);
    return reg;
  }();
  return r;
}

std::shared_ptr<Layer> deserialize(const Json& layer_config) {
  if (!layer_config.is_object() || !layer_config.contains("class_name") || !layer_config["class_name"].is_string()) {
    throw ValueError("Invalid layer config: expected an object with a 'class_name' string, received " +
                     layer_config.dump().substr(0, 200));
  }
  Json config = layer_config.contains("config") ? layer_config["config"] : Json::object();
  std::shared_ptr<Layer> layer = registry().get(layer_config["class_name"].get<std::string>())(config);
  // `trainable` is a base Layer argument every config may carry; applied here once for all.
  if (config.is_object() && config.contains("trainable")) {
    if (!config["trainable"].is_boolean()) {
      throw ValueError(layer->class_name() + " layer \"" + layer->name() +
                       "\": field 'trainable' must be a boolean, received " + config["trainable"].dump());
    }
    layer->set_trainable(config["trainable"].get<bool>());
  }
  return layer;
}

Json shape_json(const Shape& shape) {
  Json out = Json::array();
  for (auto d : shape) out.push_back(d < 0 ? Json(nullptr) : Json(d));
  return out;
}

namespace {

// keras Layer.get_build_config: the shapes build() received, keyed by build()'s argument
// names; Keras 3's load_model rebuilds each layer from it before loading its weights.
Json build_config(const Layer& layer) {
  const std::vector<Shape>& shapes = layer.build_input_shapes();
  if (layer.class_name() == "Functional") return {{"input_shape", nullptr}};  // built at construction
  if (shapes.size() == 1) return {{"input_shape", shape_json(shapes[0])}};
  if (layer.class_name() == "MultiHeadAttention") {
    Json dict = Json::object();
    const char* names[] = {"query_shape", "value_shape", "key_shape"};
    for (std::size_t i = 0; i < shapes.size() && i < 3; ++i) dict[names[i]] = shape_json(shapes[i]);
    return {{"shapes_dict", dict}};
  }
  Json list = Json::array();
  for (const Shape& s : shapes) list.push_back(shape_json(s));
  return {{"input_shape", list}};
}

}  // namespace

Json serialize(const Layer& layer) {
  // Models nested as layers keep the module Keras 3 writes for them (Functional is not a public
  // export, so Keras records its private module and a registered name).
  const std::string cls = layer.class_name();
  const bool functional = cls == "Functional";
  Json out = {{"module", functional ? "keras.src.models.functional" : cls == "Sequential" ? "keras" : "keras.layers"},
              {"class_name", cls},
              {"config", layer.get_config()},
              {"registered_name", functional ? Json("Functional") : Json(nullptr)}};
  return out;
}

Json serialize_model_entry(const Layer& layer) {
  Json out = serialize(layer);
  // An InputLayer is built at construction and Keras writes no build_config for it.
  if (layer.built() && layer.class_name() != "InputLayer") out["build_config"] = build_config(layer);
  return out;
}

}  // namespace keras::layers
