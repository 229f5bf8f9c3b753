#pragma once
// keras.layers, rnn family: SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, RNN and cells, ConvLSTM2D.

#include "layers/rnn/bidirectional.h"
#include "layers/rnn/conv_lstm2d.h"
#include "layers/rnn/conv_lstm_cell.h"
#include "layers/rnn/gru.h"
#include "layers/rnn/gru_cell.h"
#include "layers/rnn/lstm.h"
#include "layers/rnn/lstm_cell.h"
#include "layers/rnn/recurrent_cell.h"
#include "layers/rnn/rnn.h"
#include "layers/rnn/simple_rnn.h"
#include "layers/rnn/simple_rnn_cell.h"
#include "layers/rnn/stacked_rnn_cells.h"
#include "layers/rnn/time_distributed.h"
