// LSTM, GRU and SimpleRNN dropout in training, numerically: a seeded layer's output equals the
// double-precision reference applying Keras' masks (DropoutRNNCell and the cells' call() in
// keras/src/layers/rnn/{lstm,gru,simple_rnn}.py): one input mask shared by every gate unless
// recurrent_dropout is set, then one input and one recurrent mask per gate; each kept for the
// whole sequence and scaled by 1 / (1 - rate).
//
// The layers draw their masks inside. A twin of the layer under test (same seed and shapes, so
// the same masks on its first call) reads them back: its weights route each input (or state)
// feature straight into one unit of one gate, so that each output is one of two reference
// values, the feature dropped or kept.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "layers/rnn/gru.h"
#include "layers/rnn/lstm.h"
#include "layers/rnn/simple_rnn.h"
#include "libkeras/autograd/tape.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

constexpr std::int64_t B = 3, T = 4, D = 3, U = 4;  // U >= D: every input feature has a unit to show in
constexpr std::uint64_t kSeed = 11;

struct Setup {
  rnn_ref::Cell cell;
  double dropout, recurrent_dropout;
  bool reset_after = true;
};

int gates(rnn_ref::Cell c) { return c == rnn_ref::Cell::simple ? 1 : c == rnn_ref::Cell::lstm ? 4 : 3; }

std::shared_ptr<Layer> make_layer(const Setup& s) {
  if (s.cell == rnn_ref::Cell::lstm) {
    return std::make_shared<LSTM>(U, LSTMOptions{.dropout = s.dropout, .recurrent_dropout = s.recurrent_dropout,
                                                 .seed = kSeed, .return_sequences = true});
  }
  if (s.cell == rnn_ref::Cell::gru) {
    return std::make_shared<GRU>(U, GRUOptions{.dropout = s.dropout, .recurrent_dropout = s.recurrent_dropout,
                                               .seed = kSeed, .return_sequences = true, .reset_after = s.reset_after});
  }
  return std::make_shared<SimpleRNN>(U, SimpleRNNOptions{.dropout = s.dropout,
                                                         .recurrent_dropout = s.recurrent_dropout,
                                                         .return_sequences = true, .seed = kSeed});
}

std::vector<Tensor> train_call(Layer& layer, const Tensor& x, const std::vector<Tensor>& states) {
  std::vector<Tensor> in{x};
  in.insert(in.end(), states.begin(), states.end());
  autograd::NoGradGuard no_grad;
  return layer(in, true);
}

// The scale factors (B, width) that the first training call of make_layer(s) applies to `gate`
// of the input (width D) or of the recurrent state (width U).
std::vector<double> read_mask(Setup s, bool recurrent, int gate) {
  // With reset_after=False a GRU reset gate only scales the candidate's recurrent product, which
  // a route into the reset gate leaves zero; the masks depend on the seed and shapes alone.
  s.reset_after = true;
  const std::int64_t G = gates(s.cell), GU = G * U, width = recurrent ? U : D;
  const double rate = recurrent ? s.recurrent_dropout : s.dropout;
  const Tensor x = Tensor::ones({B, T, D});
  const std::vector<Tensor> states(s.cell == rnn_ref::Cell::lstm ? 2 : 1, Tensor::ones({B, U}));
  std::shared_ptr<Layer> twin = make_layer(s);
  twin->maybe_build(x.shape());
  const Shape bias_shape = twin->get_weights()[2].shape();
  // All zero but the route (feature k into unit k of the probed gate) and a bias of one on the
  // candidate gate, without which the LSTM input gate and the GRU reset gate would not show.
  auto weights = [&](double route) {
    std::vector<float> kernel(static_cast<std::size_t>(D * GU)), recurrent_kernel(static_cast<std::size_t>(U * GU));
    std::vector<float> bias(static_cast<std::size_t>(bias_shape.size()));
    const std::int64_t candidate = G == 1 ? 0 : 2;
    for (std::int64_t i = 0; i < bias_shape.size(); ++i) {
      if ((i % GU) / U == candidate) bias[static_cast<std::size_t>(i)] = 1.0f;
    }
    std::vector<float>& routed = recurrent ? recurrent_kernel : kernel;
    for (std::int64_t k = 0; k < width; ++k) {
      routed[static_cast<std::size_t>(k * GU + gate * U + k)] = static_cast<float>(route);
    }
    return std::vector<Tensor>{tensor(kernel, {D, GU}), tensor(recurrent_kernel, {U, GU}), tensor(bias, bias_shape)};
  };
  twin->set_weights(weights(1.0));
  const std::vector<double> y = train_call(*twin, x, states)[0].to_vector<double>();
  const rnn_ref::Config ref{.cell = s.cell};
  const std::vector<double> dropped = rnn_ref::run(ref, x, weights(0.0), states).outputs;
  const std::vector<double> kept = rnn_ref::run(ref, x, weights(1.0 / (1.0 - rate)), states).outputs;
  std::vector<double> mask;
  for (std::int64_t b = 0; b < B; ++b) {
    for (std::int64_t k = 0; k < width; ++k) {
      const auto i = static_cast<std::size_t>(b * T * U + k);  // the first step of sample b, unit k
      REQUIRE(std::fabs(kept[i] - dropped[i]) > 1e-2);
      if (std::fabs(y[i] - kept[i]) < 1e-5) {
        mask.push_back(1.0 / (1.0 - rate));
      } else if (std::fabs(y[i] - dropped[i]) < 1e-5) {
        mask.push_back(0.0);
      } else {
        std::ostringstream msg;
        msg << (recurrent ? "recurrent" : "input") << " gate " << gate << ", sample " << b << ", feature " << k
            << ": output " << y[i] << " is neither the kept " << kept[i] << " nor the dropped " << dropped[i];
        FAIL(msg.str());
      }
    }
  }
  return mask;
}

bool all_equal(const std::vector<std::vector<double>>& masks) {
  for (const auto& m : masks) {
    if (m != masks.front()) return false;
  }
  return true;
}

void check_dropout(const Setup& s) {
  const int G = gates(s.cell);
  // Keras switches to one mask per gate (implementation 1) when recurrent_dropout is set.
  const int input_masks = s.dropout == 0.0 ? 0 : s.recurrent_dropout != 0.0 ? G : 1;
  const int recurrent_masks = s.recurrent_dropout == 0.0 ? 0 : G;
  rnn_ref::Config ref{.cell = s.cell, .reset_after = s.reset_after};
  for (int g = 0; g < input_masks; ++g) ref.input_dropout.push_back(read_mask(s, false, g));
  for (int g = 0; g < recurrent_masks; ++g) ref.recurrent_dropout.push_back(read_mask(s, true, g));
  // Per-gate masks are drawn independently: equal ones would be one mask serving every gate.
  if (input_masks > 1) CHECK(!all_equal(ref.input_dropout));
  if (recurrent_masks > 1) CHECK(!all_equal(ref.recurrent_dropout));

  std::shared_ptr<Layer> layer = make_layer(s);
  const Tensor x = random_tensor({B, T, D}, -1, 1, 21);
  std::vector<Tensor> states{random_tensor({B, U}, -1, 1, 22)};
  if (s.cell == rnn_ref::Cell::lstm) states.push_back(random_tensor({B, U}, -1, 1, 23));
  layer->maybe_build(x.shape());
  std::vector<Tensor> w = layer->get_weights();
  w[2] = random_tensor(w[2].shape(), -0.5f, 0.5f, 24);
  layer->set_weights(w);
  // A shared mask read from the first gate must also be what every other gate sees.
  check_close(train_call(*layer, x, states)[0], rnn_ref::run(ref, x, w, states).outputs, 1e-5, 1e-4);
}

}  // namespace

TEST_CASE("LSTM dropout applies Keras' masks: shared without recurrent_dropout, per gate with it",
          "[layers][rnn][lstm][dropout]") {
  for (const Setup& s : {Setup{rnn_ref::Cell::lstm, 0.5, 0.0}, Setup{rnn_ref::Cell::lstm, 0.5, 0.5},
                         Setup{rnn_ref::Cell::lstm, 0.0, 0.4}}) {
    INFO("dropout " << s.dropout << ", recurrent_dropout " << s.recurrent_dropout);
    check_dropout(s);
  }
}

TEST_CASE("GRU dropout applies Keras' masks in both conventions", "[layers][rnn][gru][dropout]") {
  for (const Setup& s : {Setup{rnn_ref::Cell::gru, 0.5, 0.0, false}, Setup{rnn_ref::Cell::gru, 0.5, 0.5, true},
                         Setup{rnn_ref::Cell::gru, 0.4, 0.5, false}}) {
    INFO("dropout " << s.dropout << ", recurrent_dropout " << s.recurrent_dropout << ", reset_after "
                    << s.reset_after);
    check_dropout(s);
  }
}

TEST_CASE("SimpleRNN dropout applies one input and one recurrent mask", "[layers][rnn][simple_rnn][dropout]") {
  for (const Setup& s : {Setup{rnn_ref::Cell::simple, 0.5, 0.5}, Setup{rnn_ref::Cell::simple, 0.0, 0.6}}) {
    INFO("dropout " << s.dropout << ", recurrent_dropout " << s.recurrent_dropout);
    check_dropout(s);
  }
}
