// keras.layers.Bidirectional: every merge mode against the two directions computed by the
// double-precision reference, masks (zero outputs at masked steps, as Keras forces), return_state,
// initial states, a custom backward layer, output shapes, weights, config round trip, gradients
// (every merge mode, masked inputs), errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "layers/rnn/bidirectional.h"
#include "layers/rnn/gru.h"
#include "layers/rnn/lstm.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/rnn/rnn_checks.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Output (b, s, k) of a (B, T, U) sequence read in reverse time order.
double reversed(const std::vector<double>& seq, std::size_t T, std::size_t U, std::size_t b, std::size_t s,
                std::size_t k) {
  return seq[(b * T + (T - 1 - s)) * U + k];
}

}  // namespace

TEST_CASE("Bidirectional merges both directions in every mode", "[layers][rnn][bidirectional]") {
  const std::size_t B = 2, T = 5, U = 3;
  Tensor x = random_tensor({2, 5, 4}, -1, 1, 1);
  const Tensor mask = Tensor::from_vector(std::vector<float>{1, 1, 1, 0, 0, 0, 1, 1, 1, 1}, Shape{2, 5});
  x.set_mask(mask);
  for (std::optional<std::string> mode : {std::optional<std::string>("concat"), std::optional<std::string>("sum"),
                                          std::optional<std::string>("mul"), std::optional<std::string>("ave"),
                                          std::optional<std::string>()}) {
    INFO(mode.value_or("None"));
    Bidirectional bi(LSTM(3, {.return_sequences = true}), {.merge_mode = mode});
    std::vector<Tensor> out;
    {
      autograd::NoGradGuard no_grad;
      out = bi(std::vector<Tensor>{x});
    }
    CHECK(bi.forward_layer().name().rfind("forward_", 0) == 0);
    CHECK(bi.backward_layer().rnn_options().go_backwards);
    const std::vector<Tensor> w = bi.get_weights();
    REQUIRE(w.size() == 6);
    // Keras forces zero outputs at masked steps when sequences are returned.
    const auto f = rnn_ref::run({.zero_output_for_mask = true}, x, {w[0], w[1], w[2]}, {}, mask).outputs;
    const auto b = rnn_ref::run({.go_backwards = true, .zero_output_for_mask = true}, x, {w[3], w[4], w[5]}, {}, mask)
                       .outputs;
    std::vector<double> want, want_b;
    for (std::size_t i = 0; i < B; ++i) {
      for (std::size_t s = 0; s < T; ++s) {
        for (std::size_t k = 0; k < U; ++k) {
          const double a = f[(i * T + s) * U + k], r = reversed(b, T, U, i, s, k);
          if (mode == "sum") want.push_back(a + r);
          if (mode == "mul") want.push_back(a * r);
          if (mode == "ave") want.push_back((a + r) / 2);
          if (!mode) {
            want.push_back(a);
            want_b.push_back(r);
          }
        }
        if (mode == "concat") {
          for (std::size_t k = 0; k < U; ++k) want.push_back(f[(i * T + s) * U + k]);
          for (std::size_t k = 0; k < U; ++k) want.push_back(reversed(b, T, U, i, s, k));
        }
      }
    }
    REQUIRE(out.size() == (mode ? 1u : 2u));
    check_close(out[0], want, 1e-5, 1e-4);
    if (!mode) check_close(out[1], want_b, 1e-5, 1e-4);
    CHECK(out[0].mask().defined());
    std::vector<Shape> shapes;
    for (const Tensor& t : out) shapes.push_back(t.shape());
    CHECK(bi.compute_output_shapes({x.shape()}) == shapes);
  }
}

TEST_CASE("Bidirectional compute_output_shapes lists the outputs of a call", "[layers][rnn][bidirectional]") {
  const Tensor x = random_tensor({2, 4, 3}, -1, 1, 6);
  for (std::optional<std::string> mode : {std::optional<std::string>(), std::optional<std::string>("concat")}) {
    for (bool sequences : {true, false}) {
      INFO(mode.value_or("None") << (sequences ? ", sequences" : ", last output"));
      Bidirectional bi(LSTM(2, {.return_sequences = sequences, .return_state = true}), {.merge_mode = mode});
      std::vector<Tensor> out;
      {
        autograd::NoGradGuard no_grad;
        out = bi(std::vector<Tensor>{x});
      }
      // The merged output (both directions' without a merge mode), then h and c of each direction.
      REQUIRE(out.size() == (mode ? 5u : 6u));
      std::vector<Shape> shapes;
      for (const Tensor& t : out) shapes.push_back(t.shape());
      CHECK(bi.compute_output_shapes({x.shape()}) == shapes);
      CHECK(bi.compute_output_shape(x.shape()) == out[0].shape());
    }
  }
}

TEST_CASE("Bidirectional gradients in every merge mode, through a mask", "[layers][rnn][bidirectional]") {
  Tensor x = random_tensor({2, 3, 2}, -1, 1, 7);
  x.set_mask(Tensor::from_vector(std::vector<float>{1, 1, 0, 0, 1, 1}, Shape{2, 3}));
  struct Case {
    std::string mode;
    bool sequences;
  };
  for (const Case& c : {Case{"sum", true}, Case{"mul", true}, Case{"ave", true}, Case{"concat", true},
                        Case{"mul", false}}) {
    INFO(c.mode << (c.sequences ? ", sequences" : ", last output"));
    Bidirectional bi(LSTM(2, {.return_sequences = c.sequences}), {.merge_mode = c.mode});
    bi.maybe_build(x.shape());
    std::vector<Tensor> weights;
    for (Variable* v : bi.weights()) weights.push_back(v->value());
    check_gradients([&](const std::vector<Tensor>& in) { return bi(in[0]); }, {x}, {}, weights);
  }
}

TEST_CASE("Bidirectional return_state and initial states", "[layers][rnn][bidirectional]") {
  Bidirectional bi(GRU(2, {.return_state = true}), {.merge_mode = "sum"});
  const Tensor x = random_tensor({2, 4, 3}, -1, 1, 2);
  const Tensor hf = random_tensor({2, 2}, -1, 1, 3), hb = random_tensor({2, 2}, -1, 1, 4);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = bi({x, hf, hb});
  }
  REQUIRE(out.size() == 3);  // merged output, forward h, backward h
  const std::vector<Tensor> w = bi.get_weights();
  const auto f = rnn_ref::run({.cell = rnn_ref::Cell::gru}, x, {w[0], w[1], w[2]}, {hf});
  const auto b = rnn_ref::run({.cell = rnn_ref::Cell::gru, .go_backwards = true}, x, {w[3], w[4], w[5]}, {hb});
  check_close(out[1], f.states[0], 1e-5, 1e-4);
  check_close(out[2], b.states[0], 1e-5, 1e-4);
  std::vector<double> sum = f.states[0];
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += b.states[0][i];
  check_close(out[0], sum, 1e-5, 1e-4);
  REQUIRE_THROWS_WITH(bi({x, hf}), Catch::Contains(bi.name()) && Catch::Contains("0 or 2 initial states"));
}

TEST_CASE("Bidirectional config round trip, weights and gradients", "[layers][rnn][bidirectional][config]") {
  Bidirectional bi(LSTM(2, {.name = "enc"}), {.backward_layer = std::make_shared<LSTM>(
                                                  2, LSTM::Options{.activation = "relu", .go_backwards = true})});
  const Tensor x = random_tensor({2, 3, 2}, -1, 1, 5);
  const Tensor y = forward(bi, x);
  CHECK(y.shape() == Shape{2, 4});
  CHECK(bi.forward_layer().name() == "forward_enc");
  CHECK(weight_names(bi) == std::vector<std::string>{"kernel", "recurrent_kernel", "bias", "kernel",
                                                     "recurrent_kernel", "bias"});
  const Json config = bi.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : config.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "merge_mode", "layer", "backward_layer"});
  CHECK(config["backward_layer"]["config"]["activation"] == "relu");
  auto copy = check_config_round_trip(bi);
  copy->maybe_build(x.shape());
  copy->set_weights(bi.get_weights());
  check_close(forward(*copy, x), y, 1e-6, 1e-6);
  std::vector<Tensor> weights;
  for (Variable* v : bi.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return bi(in[0]); }, {x}, {}, weights);
}

TEST_CASE("Bidirectional configs without merge_mode concatenate, as Keras' default",
          "[layers][rnn][bidirectional][config]") {
  Json config = Bidirectional(LSTM(2)).get_config();
  config.erase("merge_mode");
  auto layer = Bidirectional::from_config(config);
  CHECK(layer->get_config()["merge_mode"] == "concat");
  config["merge_mode"] = nullptr;
  CHECK(Bidirectional::from_config(config)->get_config()["merge_mode"].is_null());
}

TEST_CASE("Bidirectional rejects mismatched layers and modes, naming itself", "[layers][rnn][bidirectional][errors]") {
  REQUIRE_THROWS_WITH(Bidirectional(Dense(2), {.name = "bi"}), Catch::Contains("\"bi\"") && Catch::Contains("Dense"));
  REQUIRE_THROWS_WITH(Bidirectional(LSTM(2), {.merge_mode = "max", .name = "bi"}),
                      Catch::Contains("\"bi\"") && Catch::Contains("max"));
  REQUIRE_THROWS_WITH(Bidirectional(LSTM(2), {.backward_layer = std::make_shared<LSTM>(2), .name = "bi"}),
                      Catch::Contains("\"bi\"") && Catch::Contains("go_backwards"));
  REQUIRE_THROWS_WITH(
      Bidirectional(LSTM(2), {.backward_layer = std::make_shared<LSTM>(
                                  2, LSTM::Options{.return_sequences = true, .go_backwards = true}),
                              .name = "bi"}),
      Catch::Contains("\"bi\"") && Catch::Contains("return_sequences"));
  Bidirectional bi(LSTM(2), {.name = "bi"});
  REQUIRE_THROWS_WITH(bi.reset_state(), Catch::Contains("\"bi\"") && Catch::Contains("stateful"));
}
