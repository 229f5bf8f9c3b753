#include "layers/layer_registry.h"
#include "layers/pooling/pooling_layers.h"

namespace keras::layers::detail {

void register_pooling_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
