// Functional graphs beyond the basics: gradients through shared layers, models nested in
// models, layers reachable twice, Keras' input standardisation and per-output loss logs.

#include <catch2/catch.hpp>

#include "layers/layers.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/model.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/naming.h"
#include "libkeras/ops/ops.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("A shared layer's gradient is the sum of its calls' gradients", "[model][functional]") {
  backend::clear_session();
  KerasTensor a = Input({3}), b = Input({3});
  auto shared = std::make_shared<Dense>(2, Dense::Options{.use_bias = false});
  KerasTensor sa = (*shared)(a), sb = (*shared)(b);
  Model model({a, b}, Add()({sa, sb}));
  Tensor xa = random_tensor({4, 3}, -1, 1, 5), xb = random_tensor({4, 3}, -1, 1, 6);
  Tensor kernel = shared->weights()[0]->value();
  autograd::GradientTape tape;
  tape.watch(kernel);
  Tensor loss = ops::sum(model(std::vector<Tensor>{xa, xb})[0]);
  Tensor grad = tape.gradient(loss, {kernel})[0];
  // loss = sum_n sum_j (xa + xb)[n] . kernel[:, j]  =>  dloss/dkernel[i][j] = sum_n (xa + xb)[n][i]
  std::vector<float> va = xa.to_vector<float>(), vb = xb.to_vector<float>();
  std::vector<double> expected;
  for (int i = 0; i < 3; ++i) {
    double s = 0;
    for (int n = 0; n < 4; ++n) s += va[n * 3 + i] + vb[n * 3 + i];
    expected.push_back(s);
    expected.push_back(s);
  }
  check_close(grad, expected, 1e-5, 1e-5);
}

TEST_CASE("Functional models nest in Functional models and in Sequential models", "[model][functional]") {
  backend::clear_session();
  // A two-output inner model used as a layer of an outer Functional model.
  KerasTensor in = Input({4});
  KerasTensor h = Dense(3, "tanh")(in);
  auto inner = std::make_shared<Model>(std::vector<KerasTensor>{in},
                                       std::vector<KerasTensor>{Dense(2)(h), Dense(1)(h)}, "inner");
  KerasTensor outer_in = Input({4});
  std::vector<KerasTensor> parts = (*inner)(std::vector<KerasTensor>{outer_in});
  REQUIRE(parts.size() == 2);
  KerasTensor joined = Concatenate()({parts[0], parts[1]})[0];
  Model outer(outer_in, Dense(1)(joined), "outer");
  CHECK(outer.count_params() == (4 * 3 + 3) + (3 * 2 + 2) + (3 + 1) + (3 + 1));
  Tensor x = random_tensor({6, 4});
  std::vector<Tensor> inner_out = (*inner)(std::vector<Tensor>{x});
  Tensor expected = (*outer.layers().back())(ops::concatenate({inner_out[0], inner_out[1]}, -1));
  check_close(outer.predict(x, {.verbose = 0}), expected, 1e-6, 1e-6);

  // A Functional model inside a Sequential one trains through it.
  auto encoder_in = Input({4});
  auto encoder = std::make_shared<Model>(encoder_in, Dense(3, "relu")(encoder_in), "encoder");
  Sequential seq{Input({4}), SequentialItem(encoder), Dense(1)};
  seq.compile({.optimizer = "sgd", .loss = "mse"});
  Tensor before = encoder->weights()[0]->value().clone();
  seq.fit(x, random_tensor({6, 1}), {.epochs = 1, .verbose = 0});
  CHECK(ops::sum(ops::abs(encoder->weights()[0]->value() - before)).item() > 0);
}

TEST_CASE("A layer reachable twice owns its weights and penalties once", "[model][functional]") {
  backend::clear_session();
  auto tied = std::make_shared<Dense>(3, Dense::Options{.kernel_regularizer = regularizers::L2(0.5)});
  KerasTensor in = Input({3});
  auto block = std::make_shared<Model>(in, (*tied)(in), "block");
  KerasTensor x = Input({3});
  KerasTensor y = (*tied)((*block)(x));
  Model model(x, y);
  CHECK(model.weights().size() == 2);
  CHECK(model.trainable_weights().size() == 2);
  CHECK(model.count_params() == 3 * 3 + 3);
  REQUIRE(model.losses().size() == 1);
  double expected = 0;
  for (float w : tied->weights()[0]->value().to_vector<float>()) expected += 0.5 * w * w;
  CHECK(ops::sum(model.losses()[0]).item() == Approx(expected).epsilon(1e-5));
}

TEST_CASE("Inputs are cast and their trailing axis of 1 adjusted as Keras' Functional does", "[model][functional]") {
  backend::clear_session();
  KerasTensor in = Input({1});
  Model model(in, Dense(2, Dense::Options{.kernel_initializer = "ones"})(in));
  Tensor flat = Tensor::from_vector(std::vector<float>{1, 2, 3}, {3});
  Tensor column = flat.reshape({3, 1});
  check_close(model.predict(flat, {.verbose = 0}), model.predict(column, {.verbose = 0}));
  check_close(model.predict(flat.astype(uint8), {.verbose = 0}), {1, 1, 2, 2, 3, 3});
  Sequential seq{Input({2, 1}), Flatten()};
  CHECK(seq.predict(Tensor::zeros({5, 2}), {.verbose = 0}).shape() == Shape{5, 2});
}

TEST_CASE("Per-output loss logs appear only when several outputs have a loss", "[model][functional]") {
  backend::clear_session();
  KerasTensor in = Input({3});
  KerasTensor head = Dense(1, Dense::Options{.name = "head"})(in);
  KerasTensor aux = Dense(2, Dense::Options{.name = "aux"})(in);
  Model model({in}, {head, aux});
  model.compile({.optimizer = "sgd", .loss = {{"head", "mse"}}});
  Tensor x = random_tensor({8, 3});
  EvaluationResult r = model.evaluate(x, {random_tensor({8, 1}), random_tensor({8, 2})}, {.verbose = 0});
  CHECK(r.names() == std::vector<std::string>{"loss"});
}
