// Subtract: inputs[0] - inputs[1], exactly two inputs.

#include <catch2/catch.hpp>

#include "layers/merging/subtract.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Subtract satisfies the layer contract", "[layers][merging][subtract]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Subtract>(); },
                        .input_shapes = {{2, 5}, {2, 5}},
                        .expected_output_shape = {2, 5}});
  run_merge_layer_test({.make = [] { return std::make_shared<Subtract>(); },
                        .input_shapes = {{2, 4, 3}, {2, 3}},
                        .expected_output_shape = {2, 4, 3}});
}

TEST_CASE("Subtract computes the difference", "[layers][merging][subtract]") {
  check_close(subtract({tensor({5, 7, 9}, {1, 3}), tensor({1, 2, 3}, {1, 3})}), {4, 5, 6}, 0, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return subtract(in); },
                 [](const std::vector<Tensor>& in) { return ops::subtract(in[0], in[1]); }, {{2, 3}, {2, 3}},
                 {-1, 2, 3});
}

TEST_CASE("Subtract takes exactly two inputs", "[layers][merging][subtract][errors]") {
  Subtract s(Subtract::Options{.name = "diff"});
  Tensor x = Tensor::ones({2, 3});
  REQUIRE_THROWS_WITH(merge_forward(s, {x, x, x}), Catch::Contains("exactly 2 inputs") && Catch::Contains("\"diff\""));
  REQUIRE_THROWS_WITH(subtract(std::vector<KerasTensor>{Input({3})}), Catch::Contains("exactly 2 inputs"));
}
