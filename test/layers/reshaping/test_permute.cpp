#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/permute.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Permute satisfies the layer contract", "[layers][permute]") {
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Permute>(std::vector<int>{2, 1});
                      },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 4, 3},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Permute>(std::vector<int>{3, 1, 2});
                      },
                  .input_shape = {1, 2, 3, 4},
                  .expected_output_shape = Shape{1, 4, 2, 3},
                  .weight_names = {}});
}

TEST_CASE("Permute reorders the non-batch axes", "[layers][permute]") {
  Permute swap({2, 1});
  check_close(forward(swap, tensor({1, 2, 3, 4, 5, 6}, {1, 2, 3})), {1, 4, 2, 5, 3, 6});
  CHECK(Permute({3, 1, 2}).compute_output_shape({-1, 5, -1, 7}) == Shape{-1, 7, 5, -1});
}

TEST_CASE("Permute config and errors", "[layers][permute]") {
  Permute p({2, 3, 1}, Permute::Options{.name = "p"});
  Json c = p.get_config();
  CHECK(c["dims"] == Json::array({2, 3, 1}));
  CHECK(Permute::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(Permute({0, 1}, Permute::Options{.name = "bad"}),
                      Catch::Contains("\"bad\"") && Catch::Contains("dims=(0, 1)"));
  REQUIRE_THROWS_WITH(Permute({1, 1}), Catch::Contains("start from 1"));
  REQUIRE_THROWS_WITH(Permute({}), Catch::Contains("dims"));
  REQUIRE_THROWS_WITH(forward(p, Tensor::zeros({2, 3})), Catch::Contains("\"p\"") && Catch::Contains("ndim=4"));
  REQUIRE_THROWS_WITH(Permute::from_config(Json{{"dims", "21"}}), Catch::Contains("'dims'"));
}
