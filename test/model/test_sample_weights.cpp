// Per-output sample weights for multi-output models (one array for every output, a list, or a
// dict by output name) in fit / evaluate / train_on_batch / test_on_batch and validation_data,
// combined with loss_weights as Keras' CompileLoss does. The model's outputs are fixed (a
// frozen kernel of 0 and of 1), so every expected loss below is worked out by hand.

#include <catch2/catch.hpp>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Output "reg" predicts 0 and output "scaled" predicts x; both mse, loss_weights {1, 0.5}.
// learning_rate 0 keeps them so through fit().
std::shared_ptr<Model> two_outputs(double learning_rate = 0.0) {
  KerasTensor in = Input({1});
  KerasTensor reg = Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "zeros", .name = "reg"})(in);
  KerasTensor scaled =
      Dense(1, Dense::Options{.use_bias = false, .kernel_initializer = "ones", .name = "scaled"})(in);
  auto model = std::make_shared<Model>(std::vector<KerasTensor>{in}, std::vector<KerasTensor>{reg, scaled});
  model->compile({.optimizer = optimizers::SGD({.learning_rate = learning_rate}),
                  .loss = {"mse", "mse"},
                  .loss_weights = {1.0, 0.5},
                  .weighted_metrics = {"mae", "mae"}});
  return model;
}

Tensor column(const std::vector<float>& v) { return tensor(v, {static_cast<std::int64_t>(v.size()), 1}); }

// x = 1 everywhere: "reg" errs by y_reg (squared 1, 4, 9, 16), "scaled" by y_scaled - 1
// (squared 0, 4, 1, 4).
const Tensor x = column({1, 1, 1, 1});
const Tensor y_reg = column({1, 2, 3, 4}), y_scaled = column({1, 3, 0, 3});
const Tensor w_reg = tensor({1, 0, 0, 1}, {4}), w_scaled = tensor({0.5f, 1, 2, 0}, {4});

// reg: (1 + 16) / 4 = 4.25; scaled: (0.5 * 0 + 4 + 2 * 1 + 0) / 4 = 1.5; 4.25 + 0.5 * 1.5.
constexpr double kPerOutputLoss = 5.0;

}  // namespace

TEST_CASE("per-output sample weights give the hand-computed weighted sum", "[model][sample_weight]") {
  auto model = two_outputs();
  // Unweighted: 30 / 4 + 0.5 * 9 / 4.
  CHECK(model->test_on_batch(x, {y_reg, y_scaled})[0] == Approx(7.5 + 0.5 * 2.25));

  EvaluationResult list = model->test_on_batch(x, {y_reg, y_scaled}, {w_reg, w_scaled});
  CHECK(list["loss"] == Approx(kPerOutputLoss));
  // The per-output losses are sample-weighted but not loss-weighted, as Keras logs them.
  CHECK(list["reg_loss"] == Approx(4.25));
  CHECK(list["scaled_loss"] == Approx(1.5));
  // Weighted metrics divide by the sum of weights: (1 + 4) / 2 and (2 * 1 + 1 * 2) / 3.5.
  CHECK(list["reg_mae"] == Approx(2.5));
  CHECK(list["scaled_mae"] == Approx(4.0 / 3.5));

  // The dict form, keyed by output name, agrees with the list.
  EvaluationResult dict =
      model->test_on_batch(x, {y_reg, y_scaled}, std::map<std::string, Tensor>{{"scaled", w_scaled}, {"reg", w_reg}});
  CHECK(dict.values() == list.values());
  // One array weights every output: scaled becomes (0 + 0 + 0 + 4) / 4.
  CHECK(model->test_on_batch(x, {y_reg, y_scaled}, w_reg)[0] == Approx(4.25 + 0.5 * 1.0));
  // An undefined entry leaves its output unweighted: scaled is 9 / 4.
  CHECK(model->test_on_batch(x, {y_reg, y_scaled}, {w_reg, Tensor()})[0] == Approx(4.25 + 0.5 * 2.25));
}

TEST_CASE("fit, evaluate and validation_data slice and shuffle per-output weights with the samples",
          "[model][sample_weight]") {
  auto model = two_outputs();
  // Batches of 2: (0.5 + 0.5 * 2) and (8 + 0.5 * 1), each weighing 2 samples.
  EvaluationResult r = model->evaluate(x, {y_reg, y_scaled}, {.batch_size = 2, .verbose = 0,
                                                              .sample_weight = {{"reg", w_reg}, {"scaled", w_scaled}}});
  CHECK(r["loss"] == Approx(kPerOutputLoss));
  CHECK(r["reg_loss"] == Approx(4.25));
  // The epoch mean is over samples, so shuffling cannot change it unless a weight is separated
  // from its sample. Training uses one array for both outputs: 4.25 + 0.5 * 1.0.
  auto history = model->fit(x, {y_reg, y_scaled},
                            {.batch_size = 1, .epochs = 2, .verbose = 0,
                             .validation_data = ValidationData{x, {y_reg, y_scaled}, {w_reg, w_scaled}},
                             .sample_weight = w_reg});
  CHECK(history.history.at("loss")[0] == Approx(4.75));
  CHECK(history.history.at("loss")[1] == Approx(4.75));
  CHECK(history.history.at("val_loss")[1] == Approx(kPerOutputLoss));
  CHECK(history.history.at("val_scaled_loss")[1] == Approx(1.5));
  // validation_split takes the last sample and its weights: reg 16 * 1, scaled 4 * 0.
  auto split = model->fit(x, {y_reg, y_scaled},
                          {.verbose = 0, .validation_split = 0.25, .sample_weight = {w_reg, w_scaled}});
  CHECK(split.history.at("val_loss")[0] == Approx(16.0));
  // train_on_batch reports the loss before the step.
  CHECK(model->train_on_batch(x, {y_reg, y_scaled}, {w_reg, w_scaled})[0] == Approx(kPerOutputLoss));
}

TEST_CASE("sample weights reach the gradients of their output only", "[model][sample_weight]") {
  auto model = two_outputs(0.1);
  // "scaled" weighs nothing: its kernel keeps the value 1. "reg": d/dw mean((y - w)^2) at
  // w = 0 is -2 * mean(y) = -5, so SGD moves it to 0.5.
  model->train_on_batch(x, {y_reg, y_scaled}, {{"reg", Tensor::ones({4})}, {"scaled", Tensor::zeros({4})}});
  CHECK(model->get_layer("reg").weights()[0]->value().item() == Approx(0.5));
  CHECK(model->get_layer("scaled").weights()[0]->value().item() == Approx(1.0));
}

TEST_CASE("bad sample weights and multi-output class_weight get Keras' errors", "[model][sample_weight][errors]") {
  auto model = two_outputs();
  Data y{y_reg, y_scaled};
  REQUIRE_THROWS_WITH(model->test_on_batch(x, y, {w_reg, w_scaled, w_reg}),
                      Catch::Contains("3 arrays") && Catch::Contains("2 outputs") && Catch::Contains("reg, scaled"));
  REQUIRE_THROWS_WITH(model->evaluate(x, y, {.verbose = 0, .sample_weight = {{"reg", w_reg}, {"nope", w_reg}}}),
                      Catch::Contains("'nope'") && Catch::Contains("sample_weight"));
  REQUIRE_THROWS_WITH(model->train_on_batch(x, y, std::map<std::string, Tensor>{{"reg", w_reg}}),
                      Catch::Contains("no entry for output 'scaled'"));
  REQUIRE_THROWS_WITH(model->test_on_batch(x, y, {w_reg, tensor({1, 1, 1}, {3})}),
                      Catch::Contains("cardinality") && Catch::Contains("scaled: 3") && Catch::Contains("reg: 4"));
  REQUIRE_THROWS_WITH(model->test_on_batch(x, y, Tensor::ones({4, 2})),
                      Catch::Contains("one scalar score per sample") && Catch::Contains("(4, 2)"));
  REQUIRE_THROWS_WITH(
      model->fit(x, y, {.verbose = 0, .validation_data = ValidationData{x, y, {w_reg}}}),
      Catch::Contains("`validation_data sample_weight` holds 1 arrays"));
  REQUIRE_THROWS_WITH(model->fit(x, y, {.verbose = 0, .class_weight = {{1, 2.0}}}),
                      Catch::Contains("`class_weight` is only supported for Models with a single output."));
  REQUIRE_THROWS_WITH(model->train_on_batch(x, y, {}, {{1, 2.0}}), Catch::Contains("single output"));
  REQUIRE_THROWS_WITH(model->fit(x, y, {.verbose = 0, .class_weight = {{1, 2.0}}, .sample_weight = w_reg}),
                      Catch::Contains("You cannot `class_weight` and `sample_weight` at the same time."));
}
