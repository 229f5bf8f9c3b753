// Minimum: the elementwise minimum; an entry masked out never wins.

#include <catch2/catch.hpp>

#include "layers/merging/minimum.h"
#include "libkeras/ops/ops.h"
#include "test/layers/merging/merge_harness.h"
#include "test/ops/reference.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Minimum satisfies the layer contract", "[layers][merging][minimum]") {
  Tensor all = ref::distinct_tensor({2, 3, 2}, 0.1f, -1.0f, 5);
  run_merge_layer_test({.make = [] { return std::make_shared<Minimum>(); },
                        .input_shapes = {{3, 2}, {3, 2}},
                        .expected_output_shape = {3, 2},
                        .inputs = {all.slice(0, 1).reshape({3, 2}), all.slice(1, 2).reshape({3, 2})}});
}

TEST_CASE("Minimum picks the smallest input", "[layers][merging][minimum]") {
  check_close(minimum({tensor({1, 5, -3}, {1, 3}), tensor({2, 4, -4}, {1, 3}), tensor({0, 9, 9}, {1, 3})}),
              {0, 4, -4}, 0, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return minimum(in); },
                 [](const std::vector<Tensor>& in) { return ops::minimum(in[0], in[1]); }, {{2}, {2}}, {-1, 2});
}

TEST_CASE("Minimum ignores masked entries", "[layers][merging][minimum][mask]") {
  // Step 0 of the second input (-9, -9) is masked: the first input's (1, 5) is kept there.
  Tensor a = masked(tensor({1, 5, 7, 2}, {1, 2, 2}), {1, 1}, {1, 2});
  Tensor b = masked(tensor({-9, -9, 4, 1}, {1, 2, 2}), {0, 1}, {1, 2});
  Minimum layer;
  std::vector<Tensor> out = merge_forward(layer, {a, b});
  check_close(out[0], {1, 5, 4, 1}, 0, 0);
  check_close(out[0].mask(), {1, 1}, 0, 0);
}
