#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshaping/up_sampling3d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("UpSampling3D satisfies the layer contract", "[layers][up_sampling3d]") {
  run_layer_test({.make = [] { return std::make_shared<UpSampling3D>(); },
                  .input_shape = {2, 2, 1, 2, 2},
                  .expected_output_shape = Shape{2, 4, 2, 4, 2},
                  .weight_names = {}});
}

TEST_CASE("UpSampling3D repeats along depth, height and width", "[layers][up_sampling3d]") {
  UpSampling3D up(Size3{2, 1, 3});
  check_close(forward(up, tensor({1, 2}, {1, 1, 1, 2, 1})), {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2});
  UpSampling3D u3(Size3{1, 2, 3}, UpSampling3D::Options{.name = "u3"});
  Json c = u3.get_config();
  CHECK(c["size"] == Json::array({1, 2, 3}));
  CHECK(c["data_format"] == "channels_last");
  CHECK(UpSampling3D::from_config(c)->get_config().dump() == c.dump());
  CHECK(u3.compute_output_shape({-1, 2, -1, 2, 5}) == Shape{-1, 2, -1, 6, 5});
  REQUIRE_THROWS_WITH(UpSampling3D(Size3{1, -2, 1}), Catch::Contains("size=(1, -2, 1)"));
  REQUIRE_THROWS_WITH(forward(u3, Tensor::zeros({1, 2, 2, 1})), Catch::Contains("\"u3\"") && Catch::Contains("ndim=5"));
}
