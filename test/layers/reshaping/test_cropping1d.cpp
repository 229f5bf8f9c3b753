#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/cropping1d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Cropping1D satisfies the layer contract", "[layers][cropping1d]") {
  run_layer_test({.make = [] { return std::make_shared<Cropping1D>(); },
                  .input_shape = {2, 5, 3},
                  .expected_output_shape = Shape{2, 3, 3},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Cropping1D>(SidePair{2, 0});
                      },
                  .input_shape = {1, 4, 2},
                  .expected_output_shape = Shape{1, 2, 2},
                  .weight_names = {}});
}

TEST_CASE("Cropping1D removes steps before and after", "[layers][cropping1d]") {
  Cropping1D crop({1, 2});
  check_close(forward(crop, tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {1, 5, 2})), {3, 4, 5, 6});
  CHECK(crop.compute_output_shape({-1, -1, 2}) == Shape{-1, -1, 2});
}

TEST_CASE("Cropping1D config and errors", "[layers][cropping1d]") {
  Cropping1D crop({0, 2}, Cropping1D::Options{.name = "c1"});
  Json c = crop.get_config();
  // Keras' Cropping1D config has no data_format.
  CHECK(c.size() == 4);
  CHECK(c["cropping"] == Json::array({0, 2}));
  CHECK(Cropping1D::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(crop.compute_output_shape({-1, 2, 3}),
                      Catch::Contains("Cropping1D \"c1\"") && Catch::Contains("(None, 2, 3)"));
  REQUIRE_THROWS_WITH(forward(crop, Tensor::zeros({1, 2, 3})),
                      Catch::Contains("\"c1\"") && Catch::Contains("cropping"));
  REQUIRE_THROWS_WITH(Cropping1D({-1, 0}), Catch::Contains("cropping=(-1, 0)"));
}
