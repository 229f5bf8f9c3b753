#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/cropping2d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Cropping2D satisfies the layer contract", "[layers][cropping2d]") {
  run_layer_test({.make =
                      [] {
                        return std::make_shared<Cropping2D>(SidePairs2{1, {0, 2}});
                      },
                  .input_shape = {2, 4, 5, 2},
                  .expected_output_shape = Shape{2, 2, 3, 2},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<Cropping2D>(); },
                  .input_shape = {1, 2, 2, 1},
                  .expected_output_shape = Shape{1, 2, 2, 1},
                  .weight_names = {}});
}

TEST_CASE("Cropping2D removes rows and columns", "[layers][cropping2d]") {
  // The 3x3 image 1..9 with ((1, 0), (0, 1)) cropped: rows 1-2, columns 0-1.
  Cropping2D crop({{1, 0}, {0, 1}});
  check_close(forward(crop, tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1})), {4, 5, 7, 8});
}

TEST_CASE("Cropping2D config and errors", "[layers][cropping2d]") {
  Cropping2D crop({{1, 2}, {3, 4}}, Cropping2D::Options{.name = "c2"});
  Json c = crop.get_config();
  CHECK(c["cropping"] == Json::parse("[[1, 2], [3, 4]]"));
  CHECK(c["data_format"] == "channels_last");
  CHECK(Cropping2D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(Cropping2D::from_config(Json::object())->get_config()["cropping"] == Json::parse("[[0, 0], [0, 0]]"));
  CHECK(crop.compute_output_shape({-1, 4, -1, 1}) == Shape{-1, 1, -1, 1});
  REQUIRE_THROWS_WITH(crop.compute_output_shape({-1, 4, 7, 1}),
                      Catch::Contains("Cropping2D \"c2\"") && Catch::Contains("((1, 2), (3, 4))"));
  REQUIRE_THROWS_WITH(Cropping2D(1, Cropping2D::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
  REQUIRE_THROWS_WITH(Cropping2D::from_config(Json{{"cropping", "1"}}), Catch::Contains("'cropping'"));
}
