#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/up_sampling2d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("UpSampling2D satisfies the layer contract", "[layers][up_sampling2d]") {
  run_layer_test({.make = [] { return std::make_shared<UpSampling2D>(); },
                  .input_shape = {2, 2, 3, 2},
                  .expected_output_shape = Shape{2, 4, 6, 2},
                  .weight_names = {}});
  run_layer_test(
      {.make =
           [] {
             return std::make_shared<UpSampling2D>(Size2{3, 2}, UpSampling2D::Options{.interpolation = "bilinear"});
           },
       .input_shape = {1, 2, 3, 2},
       .expected_output_shape = Shape{1, 6, 6, 2},
       .weight_names = {}});
}

TEST_CASE("UpSampling2D nearest repeats rows and columns", "[layers][up_sampling2d]") {
  UpSampling2D up(Size2{2, 3});
  check_close(forward(up, tensor({1, 2, 3, 4}, {1, 2, 2, 1})),
              {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4});
}

TEST_CASE("UpSampling2D bilinear uses Keras 3's half-pixel resize", "[layers][up_sampling2d]") {
  // keras.layers.UpSampling2D(interpolation="bilinear") on [[1, 2], [3, 4]] (Keras 3, any backend).
  UpSampling2D up(2, UpSampling2D::Options{.interpolation = "Bilinear"});
  check_close(forward(up, tensor({1, 2, 3, 4}, {1, 2, 2, 1})),
              {1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4});
  // Factor 3 along the width of [1, 4]: samples at -1/3, 0, 1/3, 2/3, 1, 4/3 of the pixel grid, clamped.
  UpSampling2D wide(Size2{1, 3}, UpSampling2D::Options{.interpolation = "bilinear"});
  check_close(forward(wide, tensor({1, 4}, {1, 1, 2, 1})), {1, 1, 2, 3, 4, 4}, 1e-5, 1e-5);
}

TEST_CASE("UpSampling2D config and errors", "[layers][up_sampling2d]") {
  UpSampling2D up(Size2{2, 3}, UpSampling2D::Options{.interpolation = "BILINEAR", .name = "u2"});
  Json c = up.get_config();
  CHECK(c["size"] == Json::array({2, 3}));
  CHECK(c["data_format"] == "channels_last");
  CHECK(c["interpolation"] == "bilinear");
  CHECK(UpSampling2D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(UpSampling2D::from_config(Json::object())->get_config()["interpolation"] == "nearest");
  CHECK(up.compute_output_shape({-1, 3, -1, 2}) == Shape{-1, 6, -1, 2});
  REQUIRE_THROWS_WITH(UpSampling2D(2, UpSampling2D::Options{.interpolation = "bicubic", .name = "bc"}),
                      Catch::Contains("\"bc\"") && Catch::Contains("'bicubic'") && Catch::Contains("'bilinear'"));
  REQUIRE_THROWS_WITH(UpSampling2D(Size2{0, 2}), Catch::Contains("size=(0, 2)"));
  REQUIRE_THROWS_WITH(UpSampling2D(2, UpSampling2D::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
}
