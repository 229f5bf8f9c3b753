#include "layers/layer_registry.h"
#include "layers/activations/activations_layers.h"

namespace keras::layers::detail {

void register_activations_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
