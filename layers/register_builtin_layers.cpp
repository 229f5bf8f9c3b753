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

Json serialize(const Layer& layer) {
  return {{"module", "keras.layers"},
          {"class_name", layer.class_name()},
          {"config", layer.get_config()},
          {"registered_name", nullptr}};
}

}  // namespace keras::layers
