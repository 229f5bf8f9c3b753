#include "layers/layer_registry.h"
#include "layers/merging/merging_layers.h"

namespace keras::layers::detail {

void register_merging_layers(Registry<LayerFactory>& r) {
  r.add("Add", &Add::from_config);
  r.add("Subtract", &Subtract::from_config);
  r.add("Multiply", &Multiply::from_config);
  r.add("Average", &Average::from_config);
  r.add("Maximum", &Maximum::from_config);
  r.add("Minimum", &Minimum::from_config);
  r.add("Concatenate", &Concatenate::from_config);
  r.add("Dot", &Dot::from_config);
}

}  // namespace keras::layers::detail
