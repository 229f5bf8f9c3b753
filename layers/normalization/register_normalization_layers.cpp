#include "layers/layer_registry.h"
#include "layers/normalization/normalization_layers.h"

namespace keras::layers::detail {

void register_normalization_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
