// Maximum: the elementwise maximum; an entry masked out never wins (Keras 3's
// _apply_merge_op_and_or_mask).

#include <catch2/catch.hpp>

#include "layers/merging/maximum.h"
#include "libkeras/ops/ops.h"
#include "test/layers/merging/merge_harness.h"
#include "test/ops/reference.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Maximum satisfies the layer contract", "[layers][merging][maximum]") {
  // Inputs at least 0.1 apart everywhere, so finite differences never cross a tie.
  Tensor all = ref::distinct_tensor({3, 2, 4});
  run_merge_layer_test({.make = [] { return std::make_shared<Maximum>(); },
                        .input_shapes = {{2, 4}, {2, 4}, {2, 4}},
                        .expected_output_shape = {2, 4},
                        .inputs = {all.slice(0, 1).reshape({2, 4}), all.slice(1, 2).reshape({2, 4}),
                                   all.slice(2, 3).reshape({2, 4})}});
}

TEST_CASE("Maximum picks the largest input", "[layers][merging][maximum]") {
  check_close(maximum({tensor({1, 5, -3}, {1, 3}), tensor({2, 4, -4}, {1, 3})}), {2, 5, -3}, 0, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return maximum(in); },
                 [](const std::vector<Tensor>& in) { return ops::maximum(in[0], in[1]); }, {{4}, {4}}, {-1, 4});
}

TEST_CASE("Maximum ignores masked entries", "[layers][merging][maximum][mask]") {
  // Step 1 of the first input (7, 2) is masked: the second input's (4, 1) is used there.
  Tensor a = masked(tensor({1, 5, 7, 2}, {1, 2, 2}), {1, 0}, {1, 2});
  Tensor b = masked(tensor({3, 0, 4, 1}, {1, 2, 2}), {1, 1}, {1, 2});
  Maximum layer;
  std::vector<Tensor> out = merge_forward(layer, {a, b});
  check_close(out[0], {3, 5, 4, 1}, 0, 0);
  REQUIRE(out[0].mask().defined());
  check_close(out[0].mask(), {1, 1}, 0, 0);
  // Without masks, 7 and 2 win.
  check_close(maximum({tensor({1, 5, 7, 2}, {1, 2, 2}), tensor({3, 0, 4, 1}, {1, 2, 2})}), {3, 5, 7, 2}, 0, 0);
}
