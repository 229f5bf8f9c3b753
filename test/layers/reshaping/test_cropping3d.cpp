#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/cropping3d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Cropping3D satisfies the layer contract", "[layers][cropping3d]") {
  run_layer_test({.make = [] { return std::make_shared<Cropping3D>(); },
                  .input_shape = {2, 3, 4, 3, 2},
                  .expected_output_shape = Shape{2, 1, 2, 1, 2},
                  .weight_names = {}});
}

TEST_CASE("Cropping3D removes elements along depth, height and width", "[layers][cropping3d]") {
  Cropping3D crop({{1, 0}, 0, {0, 1}});
  // Depth 2 x height 1 x width 2 over 1..4: keep depth 1, width 0.
  check_close(forward(crop, tensor({1, 2, 3, 4}, {1, 2, 1, 2, 1})), {3});
  Cropping3D c3({1, {0, 1}, 2}, Cropping3D::Options{.name = "c3"});
  Json c = c3.get_config();
  CHECK(c["cropping"] == Json::parse("[[1, 1], [0, 1], [2, 2]]"));
  CHECK(Cropping3D::from_config(c)->get_config().dump() == c.dump());
  CHECK(c3.compute_output_shape({-1, 3, 2, 5, 1}) == Shape{-1, 1, 1, 1, 1});
  REQUIRE_THROWS_WITH(c3.compute_output_shape({-1, 3, 2, 4, 1}), Catch::Contains("Cropping3D \"c3\""));
}
