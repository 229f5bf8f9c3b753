#include "layers/convolutional/convolutional_layers.h"
#include "layers/layer_registry.h"

namespace keras::layers::detail {

void register_convolutional_layers(Registry<LayerFactory>& r) {
  r.add("Conv1D", &Conv1D::from_config);
  r.add("Conv3D", &Conv3D::from_config);
  r.add("Conv1DTranspose", &Conv1DTranspose::from_config);
  r.add("Conv2DTranspose", &Conv2DTranspose::from_config);
  r.add("Conv3DTranspose", &Conv3DTranspose::from_config);
  r.add("SeparableConv1D", &SeparableConv1D::from_config);
  r.add("SeparableConv2D", &SeparableConv2D::from_config);
  r.add("DepthwiseConv1D", &DepthwiseConv1D::from_config);
  r.add("DepthwiseConv2D", &DepthwiseConv2D::from_config);
}

}  // namespace keras::layers::detail
