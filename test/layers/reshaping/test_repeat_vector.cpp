#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/repeat_vector.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("RepeatVector satisfies the layer contract", "[layers][repeat_vector]") {
  run_layer_test({.make = [] { return std::make_shared<RepeatVector>(3); },
                  .input_shape = {2, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("RepeatVector repeats the input n times", "[layers][repeat_vector]") {
  RepeatVector rep(2);
  check_close(forward(rep, tensor({1, 2, 3, 4, 5, 6}, {2, 3})), {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6});
  CHECK(rep.compute_output_shape({-1, 7}) == Shape{-1, 2, 7});
}

TEST_CASE("RepeatVector config and errors", "[layers][repeat_vector]") {
  RepeatVector rep(5, RepeatVector::Options{.name = "r"});
  Json c = rep.get_config();
  CHECK(c.size() == 4);
  CHECK(c["n"] == 5);
  CHECK(RepeatVector::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(RepeatVector(0, RepeatVector::Options{.name = "z"}),
                      Catch::Contains("\"z\"") && Catch::Contains("n=0"));
  REQUIRE_THROWS_WITH(forward(rep, Tensor::zeros({1, 2, 3})), Catch::Contains("\"r\"") && Catch::Contains("ndim=2"));
  REQUIRE_THROWS_WITH(RepeatVector::from_config(Json{{"name", "q"}}),
                      Catch::Contains("RepeatVector layer \"q\"") && Catch::Contains("'n'"));
}
