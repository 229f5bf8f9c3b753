#include "layers/layer_registry.h"
#include "layers/convolutional/convolutional_layers.h"

namespace keras::layers::detail {

void register_convolutional_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
