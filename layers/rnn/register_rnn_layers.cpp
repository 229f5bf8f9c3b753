#include "layers/layer_registry.h"
#include "layers/rnn/rnn_layers.h"

namespace keras::layers::detail {

void register_rnn_layers(Registry<LayerFactory>& /*r*/) {}

}  // namespace keras::layers::detail
