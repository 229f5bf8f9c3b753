#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/up_sampling1d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("UpSampling1D satisfies the layer contract", "[layers][up_sampling1d]") {
  run_layer_test({.make = [] { return std::make_shared<UpSampling1D>(); },
                  .input_shape = {2, 3, 2},
                  .expected_output_shape = Shape{2, 6, 2},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<UpSampling1D>(3); },
                  .input_shape = {1, 2, 3},
                  .expected_output_shape = Shape{1, 6, 3},
                  .weight_names = {}});
}

TEST_CASE("UpSampling1D repeats each step", "[layers][up_sampling1d]") {
  UpSampling1D up(3);
  check_close(forward(up, tensor({1, 2, 3, 4}, {1, 2, 2})), {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4});
  CHECK(up.compute_output_shape({-1, -1, 4}) == Shape{-1, -1, 4});
  CHECK(up.compute_output_shape({5, 7, 4}) == Shape{5, 21, 4});
}

TEST_CASE("UpSampling1D config and errors", "[layers][up_sampling1d]") {
  UpSampling1D up(4, UpSampling1D::Options{.name = "u1"});
  Json c = up.get_config();
  CHECK(c.size() == 4);
  CHECK(c["size"] == 4);
  CHECK(UpSampling1D::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(UpSampling1D(0, UpSampling1D::Options{.name = "z"}),
                      Catch::Contains("\"z\"") && Catch::Contains("size=0"));
  REQUIRE_THROWS_WITH(forward(up, Tensor::zeros({1, 2})), Catch::Contains("\"u1\"") && Catch::Contains("ndim=3"));
  REQUIRE_THROWS_WITH(UpSampling1D::from_config(Json{{"size", "2"}}), Catch::Contains("'size'"));
}
