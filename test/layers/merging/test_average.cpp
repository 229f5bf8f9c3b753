// Average: the elementwise mean of the inputs.

#include <catch2/catch.hpp>

#include "layers/merging/average.h"
#include "libkeras/ops/ops.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Average satisfies the layer contract", "[layers][merging][average]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Average>(); },
                        .input_shapes = {{3, 4}, {3, 4}, {3, 1}},
                        .expected_output_shape = {3, 4}});
}

TEST_CASE("Average computes the mean", "[layers][merging][average]") {
  check_close(average({tensor({1, 2}, {1, 2}), tensor({3, 6}, {1, 2}), tensor({5, 1}, {1, 2})}), {3, 3}, 1e-6, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return average(in); },
                 [](const std::vector<Tensor>& in) { return ops::add(in[0], in[1]) * 0.5f; }, {{5}, {5}}, {-1, 5});
}
