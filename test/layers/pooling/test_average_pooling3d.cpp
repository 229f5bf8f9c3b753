#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/average_pooling3d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("AveragePooling3D satisfies the layer contract", "[layers][average_pooling3d]") {
  run_layer_test({.make = [] { return std::make_shared<AveragePooling3D>(); },
                  .input_shape = {2, 4, 5, 4, 2},
                  .expected_output_shape = Shape{2, 2, 2, 2, 2},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<AveragePooling3D>(
                            2, AveragePooling3D::Options{.strides = 1, .padding = "same"});
                      },
                  .input_shape = {1, 3, 2, 3, 2},
                  .expected_output_shape = Shape{1, 3, 2, 3, 2},
                  .weight_names = {}});
}

TEST_CASE("AveragePooling3D averages the in-bounds window", "[layers][average_pooling3d]") {
  // 2x2x2 window over 1..8: mean 4.5; with 'same' on a 3x1x1 input the last window holds one value.
  std::vector<float> v{1, 2, 3, 4, 5, 6, 7, 8};
  check_close(forward(*std::make_shared<AveragePooling3D>(), tensor(v, {1, 2, 2, 2, 1})), {4.5});
  AveragePooling3D same(Size3{2, 1, 1}, AveragePooling3D::Options{.padding = "same"});
  check_close(forward(same, tensor({1, 2, 3}, {1, 3, 1, 1, 1})), {1.5, 3});
  Tensor x = random_tensor({2, 5, 4, 6, 3}, -1, 1, 9);
  AveragePooling3D pool(Size3{3, 2, 2}, AveragePooling3D::Options{.strides = Size3{2, 1, 3}, .padding = "same"});
  check_close(forward(pool, x), naive::pool(x, {{3, 2, 2}, {2, 1, 3}, {1, 1, 1}, true}, false), 1e-6, 1e-6);
}

TEST_CASE("AveragePooling3D config and errors", "[layers][average_pooling3d]") {
  AveragePooling3D pool(3, AveragePooling3D::Options{.strides = Size3{1, 2, 3}, .name = "a3"});
  Json c = pool.get_config();
  CHECK(c["pool_size"] == Json::array({3, 3, 3}));
  CHECK(c["strides"] == Json::array({1, 2, 3}));
  CHECK(AveragePooling3D::from_config(c)->get_config().dump() == c.dump());
  CHECK(pool.compute_output_shape({-1, 3, -1, 9, 4}) == Shape{-1, 1, -1, 3, 4});
  REQUIRE_THROWS_WITH(AveragePooling3D(2, AveragePooling3D::Options{.data_format = "channels_first", .name = "cf"}),
                      Catch::Contains("\"cf\"") && Catch::Contains("channels_first"));
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({1, 3, 3, 3})),
                      Catch::Contains("\"a3\"") && Catch::Contains("ndim=5"));
}
