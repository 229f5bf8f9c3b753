#include "layers/layer_registry.h"
#include "layers/regularization/regularization_layers.h"

namespace keras::layers::detail {

void register_regularization_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
