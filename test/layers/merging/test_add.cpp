// Add: the elementwise sum of any number of inputs, the functional form on KerasTensors and
// tensors, and its use in a trained Functional model.

#include <catch2/catch.hpp>

#include "layers/dense.h"
#include "layers/merging/add.h"
#include "libkeras/ops/ops.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Add satisfies the layer contract", "[layers][merging][add]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Add>(); },
                        .input_shapes = {{2, 3, 4}, {2, 3, 4}, {2, 3, 4}},
                        .expected_output_shape = {2, 3, 4}});
  run_merge_layer_test({.make = [] { return std::make_shared<Add>(); },
                        .input_shapes = {{2, 3, 4}, {2, 1, 4}},
                        .expected_output_shape = {2, 3, 4}});
}

TEST_CASE("Add sums its inputs", "[layers][merging][add]") {
  Tensor a = tensor({1, 2, 3, 4}, {2, 2}), b = tensor({10, 20, 30, 40}, {2, 2}), c = tensor({-1, -1, -1, -1}, {2, 2});
  check_close(add({a, b, c}), {10, 21, 32, 43}, 0, 0);
  Add layer(Add::Options{.name = "plus"});
  CHECK(layer.name() == "plus");
  check_close(merge_forward(layer, {a, b})[0], {11, 22, 33, 44}, 0, 0);
  // A mask on every input: the output mask is their OR, the values are plain sums.
  std::vector<Tensor> out = merge_forward(layer, {masked(a, {1, 0}, {2}), masked(b, {0, 0}, {2})});
  check_close(out[0], {11, 22, 33, 44}, 0, 0);
  REQUIRE(out[0].mask().defined());
  check_close(out[0].mask(), {1, 0}, 0, 0);
}

TEST_CASE("add() builds a graph node, and the merged model trains", "[layers][merging][add][functional]") {
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return add(in); },
                 [](const std::vector<Tensor>& in) { return ops::add(in[0], in[1]); }, {{3}, {3}}, {-1, 3});

  KerasTensor a = Input({3}), b = Input({3});
  KerasTensor h = add({Dense(4, "tanh")(a), Dense(4, "tanh")(b)});
  Model model({a, b}, {Dense(1)(h)});
  CHECK(model.layers()[4]->class_name() == "Add");
  model.compile({.optimizer = "adam", .loss = "mse"});
  Tensor xa = random_tensor({32, 3}), xb = random_tensor({32, 3}, -1, 1, 2);
  Tensor y = ops::add(ops::sum(xa, {1}, true), ops::sum(xb, {1}, true));
  auto history = model.fit({xa, xb}, y, {.batch_size = 8, .epochs = 5, .verbose = 0});
  CHECK(history.history["loss"].back() < history.history["loss"].front());
}
