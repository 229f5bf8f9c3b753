#include "layers/layer_registry.h"
#include "layers/core/core_layers.h"

namespace keras::layers::detail {

void register_core_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
