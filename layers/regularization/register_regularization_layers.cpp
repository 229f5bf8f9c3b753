#include "layers/layer_registry.h"
#include "layers/regularization/regularization_layers.h"

namespace keras::layers::detail {

void register_regularization_layers(Registry<LayerFactory>& r) {
  r.add("SpatialDropout1D", &SpatialDropout1D::from_config);
  r.add("SpatialDropout2D", &SpatialDropout2D::from_config);
  r.add("SpatialDropout3D", &SpatialDropout3D::from_config);
  r.add("GaussianNoise", &GaussianNoise::from_config);
  r.add("GaussianDropout", &GaussianDropout::from_config);
  r.add("AlphaDropout", &AlphaDropout::from_config);
  r.add("ActivityRegularization", &ActivityRegularization::from_config);
}

}  // namespace keras::layers::detail
