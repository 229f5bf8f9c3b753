#include "layers/layer_registry.h"
#include "layers/attention/attention_layers.h"

namespace keras::layers::detail {

void register_attention_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
