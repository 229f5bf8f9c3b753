#include "layers/layer_registry.h"
#include "layers/pooling/pooling_layers.h"

namespace keras::layers::detail {

void register_pooling_layers(Registry<LayerFactory>& r) {
  r.add("MaxPooling1D", &MaxPooling1D::from_config);
  r.add("AveragePooling1D", &AveragePooling1D::from_config);
  r.add("MaxPooling3D", &MaxPooling3D::from_config);
  r.add("AveragePooling3D", &AveragePooling3D::from_config);
  r.add("GlobalAveragePooling1D", &GlobalAveragePooling1D::from_config);
  r.add("GlobalAveragePooling2D", &GlobalAveragePooling2D::from_config);
  r.add("GlobalAveragePooling3D", &GlobalAveragePooling3D::from_config);
  r.add("GlobalMaxPooling1D", &GlobalMaxPooling1D::from_config);
  r.add("GlobalMaxPooling2D", &GlobalMaxPooling2D::from_config);
  r.add("GlobalMaxPooling3D", &GlobalMaxPooling3D::from_config);
}

}  // namespace keras::layers::detail
