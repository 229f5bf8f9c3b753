#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/zero_padding1d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ZeroPadding1D satisfies the layer contract", "[layers][zero_padding1d]") {
  run_layer_test({.make = [] { return std::make_shared<ZeroPadding1D>(); },
                  .input_shape = {2, 4, 3},
                  .expected_output_shape = Shape{2, 6, 3},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<ZeroPadding1D>(SidePair{0, 3});
                      },
                  .input_shape = {1, 2, 2},
                  .expected_output_shape = Shape{1, 5, 2},
                  .weight_names = {}});
}

TEST_CASE("ZeroPadding1D adds zero steps before and after", "[layers][zero_padding1d]") {
  ZeroPadding1D pad({2, 1});
  check_close(forward(pad, tensor({1, 2, 3, 4}, {1, 2, 2})), {0, 0, 0, 0, 1, 2, 3, 4, 0, 0});
  CHECK(pad.compute_output_shape({-1, -1, 5}) == Shape{-1, -1, 5});
  CHECK(pad.compute_output_shape({3, 7, 5}) == Shape{3, 10, 5});
}

TEST_CASE("ZeroPadding1D config and errors", "[layers][zero_padding1d]") {
  ZeroPadding1D pad(SidePair{1, 2}, ZeroPadding1D::Options{.name = "zp"});
  Json c = pad.get_config();
  CHECK(c["padding"] == Json::array({1, 2}));
  CHECK(c["data_format"] == "channels_last");
  CHECK(ZeroPadding1D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(ZeroPadding1D::from_config(Json{{"padding", 3}})->get_config()["padding"] == Json::array({3, 3}));
  CHECK(ZeroPadding1D::from_config(Json::object())->get_config()["padding"] == Json::array({1, 1}));
  REQUIRE_THROWS_WITH(ZeroPadding1D(SidePair{-1, 0}, ZeroPadding1D::Options{.name = "n"}),
                      Catch::Contains("ZeroPadding1D \"n\"") && Catch::Contains("padding=(-1, 0)"));
  REQUIRE_THROWS_WITH(ZeroPadding1D::from_config(Json{{"name", "z"}, {"padding", {1, 2, 3}}}),
                      Catch::Contains("ZeroPadding1D layer \"z\"") && Catch::Contains("'padding'"));
  REQUIRE_THROWS_WITH(forward(pad, Tensor::zeros({2, 3})), Catch::Contains("\"zp\"") && Catch::Contains("ndim=3"));
}
