#include "layers/layer_registry.h"
#include "layers/reshaping/reshaping_layers.h"

namespace keras::layers::detail {

void register_reshaping_layers(Registry<LayerFactory>& r) {
  r.add("ZeroPadding1D", &ZeroPadding1D::from_config);
  r.add("ZeroPadding2D", &ZeroPadding2D::from_config);
  r.add("ZeroPadding3D", &ZeroPadding3D::from_config);
  r.add("Cropping1D", &Cropping1D::from_config);
  r.add("Cropping2D", &Cropping2D::from_config);
  r.add("Cropping3D", &Cropping3D::from_config);
  r.add("UpSampling1D", &UpSampling1D::from_config);
  r.add("UpSampling2D", &UpSampling2D::from_config);
  r.add("UpSampling3D", &UpSampling3D::from_config);
  r.add("Permute", &Permute::from_config);
  r.add("RepeatVector", &RepeatVector::from_config);
}

}  // namespace keras::layers::detail
