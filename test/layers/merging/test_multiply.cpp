// Multiply: the elementwise product; masked entries count as 1, and entries masked in every
// input give 0 (Keras 3).

#include <catch2/catch.hpp>

#include "layers/merging/multiply.h"
#include "libkeras/ops/ops.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Multiply satisfies the layer contract", "[layers][merging][multiply]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Multiply>(); },
                        .input_shapes = {{2, 3}, {2, 3}, {2, 3}},
                        .expected_output_shape = {2, 3}});
  run_merge_layer_test({.make = [] { return std::make_shared<Multiply>(); },
                        .input_shapes = {{2, 1, 3}, {2, 4, 1}},
                        .expected_output_shape = {2, 4, 3}});
}

TEST_CASE("Multiply computes the product", "[layers][merging][multiply]") {
  check_close(multiply({tensor({1, 2, 3}, {1, 3}), tensor({4, 5, 6}, {1, 3}), tensor({2, 2, -1}, {1, 3})}),
              {8, 20, -18}, 0, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return multiply(in); },
                 [](const std::vector<Tensor>& in) { return ops::multiply(in[0], in[1]); }, {{3}, {3}}, {-1, 3});
}

TEST_CASE("Multiply treats masked entries as 1", "[layers][merging][multiply][mask]") {
  Tensor x = tensor({1, 5, 7, 2}, {1, 2, 2}), y = tensor({3, 4, 6, 8}, {1, 2, 2});
  Multiply layer;
  // Both masked: step 1 is masked in both inputs -> 0; step 0 keeps x only (y is masked there).
  std::vector<Tensor> out = merge_forward(layer, {masked(x, {1, 0}, {1, 2}), masked(y, {0, 0}, {1, 2})});
  check_close(out[0], {1, 5, 0, 0}, 0, 0);
  check_close(out[0].mask(), {1, 0}, 0, 0);
  // One input masked: its masked step counts as 1, and the output has no mask.
  out = merge_forward(layer, {masked(x, {1, 0}, {1, 2}), y});
  check_close(out[0], {3, 20, 6, 8}, 0, 0);
  CHECK_FALSE(out[0].mask().defined());
}
