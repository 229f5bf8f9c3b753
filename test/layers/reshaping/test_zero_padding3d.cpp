#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/zero_padding3d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ZeroPadding3D satisfies the layer contract", "[layers][zero_padding3d]") {
  run_layer_test({.make = [] { return std::make_shared<ZeroPadding3D>(); },
                  .input_shape = {2, 2, 3, 2, 2},
                  .expected_output_shape = Shape{2, 4, 5, 4, 2},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<ZeroPadding3D>(SidePairs3{{1, 0}, 0, {0, 2}});
                      },
                  .input_shape = {1, 2, 2, 2, 1},
                  .expected_output_shape = Shape{1, 3, 2, 4, 1},
                  .weight_names = {}});
}

TEST_CASE("ZeroPadding3D pads depth, height and width", "[layers][zero_padding3d]") {
  ZeroPadding3D pad({{1, 0}, 0, 0});
  check_close(forward(pad, tensor({1, 2}, {1, 1, 1, 2, 1})), {0, 0, 1, 2});
  CHECK(pad.compute_output_shape({-1, 3, 4, 5, 2}) == Shape{-1, 4, 4, 5, 2});
  ZeroPadding3D pad2(2, ZeroPadding3D::Options{.name = "z3"});
  Json c = pad2.get_config();
  CHECK(c["padding"] == Json::parse("[[2, 2], [2, 2], [2, 2]]"));
  CHECK(ZeroPadding3D::from_config(c)->get_config().dump() == c.dump());
  CHECK(ZeroPadding3D::from_config(Json{{"padding", {1, {2, 3}, 0}}})->get_config()["padding"] ==
        Json::parse("[[1, 1], [2, 3], [0, 0]]"));
  REQUIRE_THROWS_WITH(forward(pad2, Tensor::zeros({1, 2, 2, 1})),
                      Catch::Contains("\"z3\"") && Catch::Contains("ndim=5"));
  REQUIRE_THROWS_WITH(ZeroPadding3D(-1), Catch::Contains("cannot be negative"));
}
