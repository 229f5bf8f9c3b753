#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/zero_padding2d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ZeroPadding2D satisfies the layer contract", "[layers][zero_padding2d]") {
  run_layer_test({.make = [] { return std::make_shared<ZeroPadding2D>(); },
                  .input_shape = {2, 3, 4, 2},
                  .expected_output_shape = Shape{2, 5, 6, 2},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<ZeroPadding2D>(SidePairs2{{1, 0}, {0, 2}});
                      },
                  .input_shape = {1, 2, 2, 1},
                  .expected_output_shape = Shape{1, 3, 4, 1},
                  .weight_names = {}});
}

TEST_CASE("ZeroPadding2D pads height and width", "[layers][zero_padding2d]") {
  // ((top, bottom), (left, right)) = ((1, 0), (0, 1)) around [[1, 2], [3, 4]].
  ZeroPadding2D pad({{1, 0}, {0, 1}});
  check_close(forward(pad, tensor({1, 2, 3, 4}, {1, 2, 2, 1})), {0, 0, 0, 1, 2, 0, 3, 4, 0});
  // One int per axis pads both sides of that axis.
  ZeroPadding2D sym({1, 2});
  CHECK(sym.compute_output_shape({-1, 3, 3, 1}) == Shape{-1, 5, 7, 1});
  CHECK(sym.compute_output_shape({-1, -1, 3, 1}) == Shape{-1, -1, 7, 1});
}

TEST_CASE("ZeroPadding2D config and errors", "[layers][zero_padding2d]") {
  ZeroPadding2D pad({{1, 2}, {3, 4}}, ZeroPadding2D::Options{.name = "zp"});
  Json c = pad.get_config();
  CHECK(c["padding"] == Json::parse("[[1, 2], [3, 4]]"));
  CHECK(ZeroPadding2D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(ZeroPadding2D::from_config(Json{{"padding", 2}})->get_config()["padding"] == Json::parse("[[2, 2], [2, 2]]"));
  CHECK(ZeroPadding2D::from_config(Json{{"padding", {1, 3}}})->get_config()["padding"] ==
        Json::parse("[[1, 1], [3, 3]]"));
  REQUIRE_THROWS_WITH(ZeroPadding2D({{0, 0}, {0, -2}}), Catch::Contains("padding=((0, 0), (0, -2))"));
  REQUIRE_THROWS_WITH(ZeroPadding2D::from_config(Json{{"padding", {1, 2, 3}}}), Catch::Contains("'padding'"));
  REQUIRE_THROWS_WITH(ZeroPadding2D(1, ZeroPadding2D::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
}
