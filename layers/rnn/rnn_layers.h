#pragma once
// keras.layers, rnn family: SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, RNN and cells, ConvLSTM2D.
