#include "layers/layer_registry.h"
#include "layers/activations/activations_layers.h"

namespace keras::layers::detail {

void register_activations_layers(Registry<LayerFactory>& r) {
  r.add("ReLU", &ReLU::from_config);
  r.add("LeakyReLU", &LeakyReLU::from_config);
  r.add("PReLU", &PReLU::from_config);
  r.add("ELU", &ELU::from_config);
  r.add("Softmax", &Softmax::from_config);
}

}  // namespace keras::layers::detail
