#include "layers/layer_registry.h"
#include "layers/rnn/rnn_layers.h"

namespace keras::layers::detail {

void register_rnn_layers(Registry<LayerFactory>& r) {
  r.add("RNN", &RNN::from_config);
  r.add("SimpleRNN", &SimpleRNN::from_config);
  r.add("LSTM", &LSTM::from_config);
  r.add("GRU", &GRU::from_config);
  r.add("SimpleRNNCell", &SimpleRNNCell::from_config);
  r.add("LSTMCell", &LSTMCell::from_config);
  r.add("GRUCell", &GRUCell::from_config);
  r.add("StackedRNNCells", &StackedRNNCells::from_config);
  r.add("Bidirectional", &Bidirectional::from_config);
  r.add("TimeDistributed", &TimeDistributed::from_config);
  r.add("ConvLSTM2D", &ConvLSTM2D::from_config);
}

}  // namespace keras::layers::detail
