#include "layers/layer_registry.h"
#include "layers/reshaping/reshaping_layers.h"

namespace keras::layers::detail {

void register_reshaping_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
