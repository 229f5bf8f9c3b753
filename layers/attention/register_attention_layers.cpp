#include "layers/attention/attention_layers.h"
#include "layers/layer_registry.h"

namespace keras::layers::detail {

void register_attention_layers(Registry<LayerFactory>& r) {
  r.add("MultiHeadAttention", &MultiHeadAttention::from_config);
  r.add("Attention", &Attention::from_config);
  r.add("AdditiveAttention", &AdditiveAttention::from_config);
}

}  // namespace keras::layers::detail
