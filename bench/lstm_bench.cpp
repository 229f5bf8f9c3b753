// Training speed of the Keras IMDB LSTM example: Embedding(10000, 128) -> LSTM(128, dropout 0.2,
// recurrent_dropout 0.2) -> Dense(1, sigmoid), Adam, binary cross-entropy, batch 32, sequences of
// 200 synthetic token ids. Prints samples/s of whole train_on_batch steps (median step time), of
// the same model without dropout (the PyTorch peer's model, ../shared/peers/torch_imdb_lstm.py),
// of inference, and the LSTM layer's forward and backward alone. Run by hand:
//   ./build/bench/lstm_bench [steps]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "layers/core/embedding.h"
#include "layers/dense.h"
#include "layers/rnn/lstm.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/progbar.h"
#include "libkeras/utils/random.h"

using namespace keras;
using namespace keras::layers;

namespace {

constexpr int kBatch = 32, kSeq = 200, kUnits = 128, kVocab = 10000;

double median_ms(const std::function<void()>& f, int reps) {
  f();  // warm-up: allocations, lazy builds
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const double s = utils::monotonic_seconds();
    f();
    t.push_back((utils::monotonic_seconds() - s) * 1e3);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void report(const char* what, double ms) {
  std::printf("%-52s %8.2f ms/batch  %8.1f samples/s\n", what, ms, kBatch * 1e3 / ms);
}

Tensor token_ids(std::uint64_t seed) {
  Tensor u = random::uniform({kBatch, kSeq}, 1.0, static_cast<double>(kVocab), seed);
  return u.astype(int32);
}

double train_step_ms(double dropout, int reps) {
  Sequential model({Embedding(kVocab, 128),
                    LSTM(kUnits, {.dropout = dropout, .recurrent_dropout = dropout}),
                    Dense(1, "sigmoid")});
  model.compile({.optimizer = "adam", .loss = "binary_crossentropy"});
  const Tensor x = token_ids(1);
  const Tensor y = random::uniform({kBatch, 1}, 0.0, 2.0, 2).astype(int32).astype(float32);
  return median_ms([&] { model.train_on_batch(x, y); }, reps);
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  utils::set_random_seed(0);
  std::printf("IMDB LSTM, batch %d, sequence %d, %d units, median of %d steps\n", kBatch, kSeq, kUnits, reps);
  report("train step, LSTM(dropout=0.2, recurrent_dropout=0.2)", train_step_ms(0.2, reps));
  report("train step, LSTM without dropout (the PyTorch peer)", train_step_ms(0.0, reps));

  LSTM lstm(kUnits, {.dropout = 0.2, .recurrent_dropout = 0.2});
  const Tensor seq = random::uniform({kBatch, kSeq, 128}, -0.05, 0.05, 3);
  lstm.maybe_build(seq.shape());
  report("LSTM layer forward (inference)", median_ms([&] {
           autograd::NoGradGuard no_grad;
           lstm(seq, false);
         }, reps));
  std::vector<Tensor> weights;
  for (Variable* v : lstm.weights()) weights.push_back(v->value());
  const double fwd_train = median_ms([&] {
    autograd::GradientTape tape;
    for (const Tensor& w : weights) tape.watch(w);
    lstm(seq, true);
  }, reps);
  report("LSTM layer forward (training, saving for backward)", fwd_train);
  const double both = median_ms([&] {
    autograd::GradientTape tape;
    tape.watch(seq);
    for (const Tensor& w : weights) tape.watch(w);
    Tensor out = lstm(seq, true);
    std::vector<Tensor> sources{seq};
    sources.insert(sources.end(), weights.begin(), weights.end());
    tape.gradient(ops::sum(out), sources);
  }, reps);
  report("LSTM layer backward through time", both - fwd_train);
  return 0;
}
