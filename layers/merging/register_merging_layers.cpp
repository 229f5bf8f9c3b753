#include "layers/layer_registry.h"
#include "layers/merging/merging_layers.h"

namespace keras::layers::detail {

void register_merging_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
