#include "layers/layer_registry.h"
#include "layers/normalization/normalization_layers.h"

namespace keras::layers::detail {

void register_normalization_layers(Registry<LayerFactory>& r) {
  r.add("BatchNormalization", &BatchNormalization::from_config);
  r.add("LayerNormalization", &LayerNormalization::from_config);
  r.add("GroupNormalization", &GroupNormalization::from_config);
  r.add("UnitNormalization", &UnitNormalization::from_config);
}

}  // namespace keras::layers::detail
