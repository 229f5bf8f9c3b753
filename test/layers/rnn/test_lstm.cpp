// keras.layers.LSTM: the layer contract, values against the double-precision step-by-step
// reference, masks, go_backwards, return_state, initial states, stateful, dropout, the
// Keras-computed cases, Keras 3 configs, regularizers, training in a model, errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/core/embedding.h"
#include "layers/dense.h"
#include "layers/layer_registry.h"
#include "layers/input_layer.h"
#include "layers/rnn/lstm.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "test/layers/rnn/rnn_reference.h"
#include "test/support/check.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

rnn_ref::Config ref_config(const LSTMOptions& o) {
  return {.cell = rnn_ref::Cell::lstm,
          .activation = o.activation,
          .recurrent_activation = o.recurrent_activation,
          .go_backwards = o.go_backwards,
          .zero_output_for_mask = o.zero_output_for_mask};
}

// A (B, T) mask with leading, middle and trailing masked steps.
Tensor step_mask(int B, int T) {
  std::vector<float> m(static_cast<std::size_t>(B * T), 1.0f);
  for (int t = 0; t < 2; ++t) m[static_cast<std::size_t>(t)] = 0.0f;
  if (B > 1) m[static_cast<std::size_t>(T + 2)] = m[static_cast<std::size_t>(2 * T - 1)] = 0.0f;
  return Tensor::from_vector(m, Shape{B, T});
}

}  // namespace

TEST_CASE("LSTM satisfies the layer contract", "[layers][rnn][lstm]") {
  run_layer_test({.make = [] { return std::make_shared<LSTM>(3); },
                  .input_shape = {2, 4, 5},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<LSTM>(2, LSTM::Options{.return_sequences = true,
                                                                               .go_backwards = true}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 2},
                  .weight_names = {"kernel", "recurrent_kernel", "bias"}});
  run_layer_test({.make = [] { return std::make_shared<LSTM>(2, LSTM::Options{.use_bias = false}); },
                  .input_shape = {1, 3, 2},
                  .expected_output_shape = Shape{1, 2},
                  .weight_names = {"kernel", "recurrent_kernel"}});
}

TEST_CASE("LSTM computes Keras' LSTM step by step", "[layers][rnn][lstm]") {
  for (LSTMOptions o : {LSTMOptions{.return_sequences = true},
                        LSTMOptions{.activation = "relu", .recurrent_activation = "hard_sigmoid",
                                    .return_sequences = true, .go_backwards = true}}) {
    LSTM lstm(4, o);
    const Tensor x = random_tensor({3, 6, 5}, -1, 1, 4);
    const Tensor y = forward(lstm, x);
    CHECK(y.shape() == Shape{3, 6, 4});
    check_close(y, rnn_ref::run(ref_config(o), x, lstm.get_weights()).outputs, 1e-5, 1e-4);
  }
  // unit_forget_bias: the forget gate's bias starts at one, the others at zero.
  LSTM lstm(2);
  lstm.maybe_build({1, 3, 2});
  check_close(lstm.get_weights()[2], {0, 0, 1, 1, 0, 0, 0, 0});
  CHECK(lstm.weights()[0]->path() == lstm.name() + "/kernel");
}

TEST_CASE("LSTM masks: masked steps keep the state and repeat the output", "[layers][rnn][lstm][mask]") {
  for (LSTMOptions o : {LSTMOptions{.return_sequences = true}, LSTMOptions{.return_sequences = true,
                                                                           .go_backwards = true},
                        LSTMOptions{.return_sequences = true, .zero_output_for_mask = true}, LSTMOptions{}}) {
    LSTM lstm(3, o);
    Tensor x = random_tensor({2, 6, 4}, -1, 1, 5);
    const Tensor mask = step_mask(2, 6);
    x.set_mask(mask);
    const Tensor y = forward(lstm, x);
    const rnn_ref::Result r = rnn_ref::run(ref_config(o), x, lstm.get_weights(), {}, mask);
    check_close(y, o.return_sequences ? r.outputs : r.last(), 1e-5, 1e-4);
    // Keras: the mask follows a returned sequence, and stops at a last output.
    CHECK(y.mask().defined() == o.return_sequences);
  }
}

TEST_CASE("LSTM return_state and initial states", "[layers][rnn][lstm]") {
  LSTM lstm(3, {.return_sequences = true, .return_state = true});
  const Tensor x = random_tensor({2, 4, 3}, -1, 1, 6);
  const Tensor h0 = random_tensor({2, 3}, -1, 1, 7), c0 = random_tensor({2, 3}, -1, 1, 8);
  std::vector<Tensor> out;
  {
    autograd::NoGradGuard no_grad;
    out = lstm({x, h0, c0});
  }
  REQUIRE(out.size() == 3);
  const auto r = rnn_ref::run(ref_config({}), x, lstm.get_weights(), {h0, c0});
  check_close(out[0], r.outputs, 1e-5, 1e-4);
  check_close(out[1], r.states[0], 1e-5, 1e-4);
  check_close(out[2], r.states[1], 1e-5, 1e-4);
  CHECK(lstm.compute_output_shapes({{2, 4, 3}, {2, 3}, {2, 3}}) ==
        std::vector<Shape>{Shape{2, 4, 3}, Shape{2, 3}, Shape{2, 3}});
  std::vector<Tensor> weights;
  for (Variable* v : lstm.weights()) weights.push_back(v->value());
  check_gradients(
      [&](const std::vector<Tensor>& in) {
        std::vector<Tensor> o = lstm({in[0], in[1], in[2]});
        return ops::concatenate({ops::reshape(o[0], Shape{-1}), ops::reshape(o[1], Shape{-1}),
                                 ops::reshape(o[2], Shape{-1})}, 0);
      },
      {x, h0, c0}, {}, weights);
}

TEST_CASE("A stateful LSTM carries its states across calls until reset_states", "[layers][rnn][lstm]") {
  LSTM lstm(3, {.stateful = true});
  const Tensor x = random_tensor({2, 4, 3}, -1, 1, 9);
  const Tensor first = forward(lstm, x), second = forward(lstm, x);
  const auto r1 = rnn_ref::run(ref_config({}), x, lstm.get_weights());
  check_close(first, r1.last(), 1e-5, 1e-4);
  const auto r2 = rnn_ref::run(ref_config({}), x, lstm.get_weights(),
                               {Tensor::from_vector(std::vector<double>(r1.states[0]), Shape{2, 3}).astype(float32),
                                Tensor::from_vector(std::vector<double>(r1.states[1]), Shape{2, 3}).astype(float32)});
  check_close(second, r2.last(), 1e-5, 1e-4);
  check_close(lstm.states()[1], r2.states[1], 1e-5, 1e-4);
  lstm.reset_states();
  check_close(forward(lstm, x), first, 1e-6, 1e-6);
  REQUIRE_THROWS_WITH(forward(lstm, random_tensor({3, 4, 3})), Catch::Contains(lstm.name()) &&
                                                                   Catch::Contains("batch size 2"));
}

TEST_CASE("LSTM dropout applies in training only, one mask per sequence, seeded", "[layers][rnn][lstm][dropout]") {
  const Tensor x = random_tensor({4, 5, 6}, -1, 1, 10);
  LSTM a(3, {.dropout = 0.5, .recurrent_dropout = 0.5, .seed = 42});
  LSTM b(3, {.dropout = 0.5, .recurrent_dropout = 0.5, .seed = 42});
  a.maybe_build(x.shape());
  b.maybe_build(x.shape());
  b.set_weights(a.get_weights());
  const Tensor inference = forward(a, x);
  check_close(inference, rnn_ref::run(ref_config({}), x, a.get_weights()).last(), 1e-5, 1e-4);
  const Tensor train_a = forward(a, x, true), train_b = forward(b, x, true);
  check_close(train_a, train_b, 1e-7, 0);  // same seed, same masks
  const std::vector<double> ta = train_a.to_vector<double>(), ti = inference.to_vector<double>();
  double diff = 0.0;
  for (std::size_t i = 0; i < ta.size(); ++i) diff += std::fabs(ta[i] - ti[i]);
  CHECK(diff > 1e-3);
  CHECK(forward(a, x, true).to_vector<double>() != ta);  // a new mask per call
}

TEST_CASE("LSTM matches Keras-computed outputs", "[layers][rnn][lstm][keras-samples]") {
  for (const auto& c : load_kerasjs_cases("LSTM")) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    LSTMOptions o{.activation = kw.value("activation", "tanh"),
                  .recurrent_activation = kw.value("recurrent_activation", "sigmoid"),
                  .use_bias = kw.value("use_bias", true),
                  .return_sequences = kw.value("return_sequences", false),
                  .go_backwards = kw.value("go_backwards", false),
                  .stateful = kw.value("stateful", false)};
    std::vector<Tensor> weights = c.weights;
    if (o.recurrent_activation == "hard_sigmoid") {
      // Keras 2's hard_sigmoid is clip(0.2 x + 0.5, 0, 1) = Keras 3's clip(x / 6 + 0.5, 0, 1) at 1.2 x:
      // scaling the i, f, o columns of every weight by 1.2 reproduces it exactly.
      INFO("Keras 2 hard_sigmoid mapped onto Keras 3's by scaling the i, f, o gate weights by 1.2");
      const std::int64_t units = c.layer_config["args"][0].get<std::int64_t>();
      for (Tensor& w : weights) {
        w = w.clone();
        float* p = w.data<float>();
        const std::int64_t cols = w.dim(-1);
        for (std::int64_t i = 0; i < w.size(); ++i) {
          if ((i % cols) / units != 2) p[i] *= 1.2f;
        }
      }
    }
    LSTM lstm(c.layer_config["args"][0].get<std::int64_t>(), o);
    lstm.maybe_build(c.input.shape());
    lstm.set_weights(weights);
    Tensor y = forward(lstm, c.input);
    // Stateful cases ran predict() twice; the expected output is the second call's.
    if (c.layer_config.value("predict_called_twice", false)) y = forward(lstm, c.input);
    check_close(y, c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("LSTM configs use Keras 3's keys, order and values", "[layers][rnn][lstm][config]") {
  LSTM lstm(8, {.dropout = 0.2, .recurrent_dropout = 1.5, .return_sequences = true, .name = "enc"});
  const Json c = lstm.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{
                    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards", "stateful",
                    "unroll", "zero_output_for_mask", "units", "activation", "recurrent_activation", "use_bias",
                    "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias",
                    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
                    "seed"});
  CHECK(c["recurrent_dropout"] == 1.0);  // Keras clips rates into [0, 1]
  CHECK(c["recurrent_initializer"]["class_name"] == "Orthogonal");
  // A Keras 3 config (from model.to_json()) loads through the registry.
  const Json keras = Json::parse(R"({"class_name": "LSTM", "config": {"name": "lstm_7", "trainable": true,
    "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
    "return_sequences": false, "return_state": false, "go_backwards": true, "stateful": false, "unroll": false,
    "zero_output_for_mask": false, "units": 5, "activation": "tanh", "recurrent_activation": "hard_sigmoid",
    "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
    "config": {"seed": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers",
    "class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}, "registered_name": null},
    "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
    "unit_forget_bias": true, "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L2",
    "config": {"l2": 0.01}, "registered_name": null}, "recurrent_regularizer": null, "bias_regularizer": null,
    "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null,
    "dropout": 0.2, "recurrent_dropout": 0.1, "seed": 3}})");
  auto layer = deserialize(keras);
  CHECK(layer->name() == "lstm_7");
  const Json back = layer->get_config();
  for (const char* key : {"go_backwards", "units", "recurrent_activation", "dropout", "recurrent_dropout", "seed",
                          "kernel_regularizer"}) {
    CHECK(back[key] == keras["config"][key]);
  }
}

TEST_CASE("LSTM configs without activations get Keras' defaults; null means linear", "[layers][rnn][lstm][config]") {
  Json minimal = LSTM::from_config(Json{{"units", 4}})->get_config();
  CHECK(minimal["activation"] == "tanh");
  CHECK(minimal["recurrent_activation"] == "sigmoid");
  Json nulls = LSTM::from_config(Json{{"units", 4}, {"activation", nullptr}})->get_config();
  CHECK(nulls["activation"] == "linear");
}

TEST_CASE("LSTM regularizers, constraints and trainable", "[layers][rnn][lstm]") {
  LSTM lstm(2, {.kernel_regularizer = "l2", .activity_regularizer = "l1", .recurrent_constraint = "non_neg"});
  const Tensor x = random_tensor({2, 3, 2}, -1, 1, 12);
  lstm.clear_losses();
  forward(lstm, x);
  const auto losses = lstm.losses();
  REQUIRE(losses.size() == 2);  // the activity penalty of the call, then the kernel's
  double l2 = 0.0;
  for (double v : lstm.get_weights()[0].to_vector<double>()) l2 += 0.01 * v * v;
  CHECK(losses[1].item() == Approx(l2).epsilon(1e-5));
  CHECK(lstm.weights()[1]->constraint != nullptr);
  lstm.set_trainable(false);
  CHECK(lstm.trainable_weights().empty());
  CHECK(lstm.non_trainable_weights().size() == 3);
}

TEST_CASE("An Embedding(mask_zero) -> LSTM -> Dense model trains on padded sequences", "[layers][rnn][lstm][model]") {
  utils::set_random_seed(1);
  // Padded sequences: the class is whether token 3 occurs.
  std::vector<float> ids, labels;
  for (int i = 0; i < 64; ++i) {
    const int len = 3 + i % 5;
    bool has = false;
    for (int t = 0; t < 8; ++t) {
      const int token = t < 8 - len ? 0 : 1 + (i * 7 + t * 3) % 5;
      has = has || token == 3;
      ids.push_back(static_cast<float>(token));
    }
    labels.push_back(has ? 1.0f : 0.0f);
  }
  const Tensor x = Tensor::from_vector(ids, Shape{64, 8}).astype(int32), y = Tensor::from_vector(labels, Shape{64, 1});
  Sequential model({Embedding(6, 8, {.mask_zero = true}), LSTM(8, {.dropout = 0.1, .recurrent_dropout = 0.1}),
                    Dense(1, "sigmoid")});
  model.compile({.optimizer = "adam", .loss = "binary_crossentropy"});
  model.maybe_build(x.shape());
  const Layer& lstm = *model.layers()[1];
  const std::vector<double> before = lstm.get_weights()[1].to_vector<double>();
  const auto history = model.fit(x, y, {.batch_size = 16, .epochs = 30, .verbose = 0});
  CHECK(lstm.get_weights()[1].to_vector<double>() != before);  // the recurrent kernel was trained
  const auto& loss = history.history.at("loss");
  CHECK(loss.back() < 0.75 * loss.front());
  // Left padding is invisible to the LSTM: dropping the padded steps gives the same prediction.
  const Tensor row = ops::slice(x, {0, 0}, {1, 8});
  const int pad = 8 - 3;
  const Tensor trimmed = ops::slice(x, {0, pad}, {1, 8 - pad});
  check_close(model.predict(trimmed, {.verbose = 0}), model.predict(row, {.verbose = 0}), 1e-6, 1e-5);
}

TEST_CASE("LSTM rejects bad arguments and inputs, naming the layer", "[layers][rnn][lstm][errors]") {
  REQUIRE_THROWS_WITH(LSTM(0), Catch::Contains("units") && Catch::Contains("got 0"));
  REQUIRE_THROWS_WITH(LSTM(3, {.activation = "softmax", .name = "enc"}),
                      Catch::Contains("LSTM layer \"enc\"") && Catch::Contains("activation='softmax'"));
  LSTM lstm(3, {.name = "enc"});
  REQUIRE_THROWS_WITH(forward(lstm, Tensor::zeros({2, 3})), Catch::Contains("\"enc\""));
  forward(lstm, Tensor::zeros({2, 4, 3}));
  REQUIRE_THROWS_WITH(forward(lstm, Tensor::zeros({2, 4, 5})), Catch::Contains("\"enc\"") && Catch::Contains("(2, 4, 5)"));
  REQUIRE_THROWS_WITH(lstm({Tensor::zeros({2, 4, 3}), Tensor::zeros({2, 3})}),
                      Catch::Contains("\"enc\"") && Catch::Contains("2 initial state"));
  REQUIRE_THROWS_WITH(LSTM(2, {.stateful = true, .name = "st"})(Input({4, 3})),
                      Catch::Contains("\"st\"") && Catch::Contains("batch size must be static"));
  REQUIRE_THROWS_WITH(LSTM::from_config(Json{{"name", "bad"}, {"units", "four"}}),
                      Catch::Contains("LSTM layer \"bad\"") && Catch::Contains("'units'"));
}
