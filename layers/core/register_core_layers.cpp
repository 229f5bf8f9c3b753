#include "layers/layer_registry.h"
#include "layers/core/core_layers.h"

namespace keras::layers::detail {

void register_core_layers(Registry<LayerFactory>& r) {
  r.add("Embedding", &Embedding::from_config);
  r.add("Masking", &Masking::from_config);
  r.add("Identity", &Identity::from_config);
}

}  // namespace keras::layers::detail
