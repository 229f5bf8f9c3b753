#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/average_pooling1d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("AveragePooling1D satisfies the layer contract", "[layers][average_pooling1d]") {
  run_layer_test({.make = [] { return std::make_shared<AveragePooling1D>(3); },
                  .input_shape = {2, 7, 3},
                  .expected_output_shape = Shape{2, 2, 3},
                  .weight_names = {}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<AveragePooling1D>(
                            2, AveragePooling1D::Options{.strides = 1, .padding = "same"});
                      },
                  .input_shape = {1, 5, 2},
                  .expected_output_shape = Shape{1, 5, 2},
                  .weight_names = {}});
}

TEST_CASE("AveragePooling1D averages the in-bounds window", "[layers][average_pooling1d]") {
  Tensor x = tensor({1, 2, 3, 4, 5}, {1, 5, 1});
  check_close(forward(*std::make_shared<AveragePooling1D>(), x), {1.5, 3.5});
  // 'same': the last window holds only the 5 (padding is not counted).
  AveragePooling1D same(2, AveragePooling1D::Options{.padding = "same"});
  check_close(forward(same, x), {1.5, 3.5, 5});
  AveragePooling1D overlap(3, AveragePooling1D::Options{.strides = 1, .padding = "same"});
  check_close(forward(overlap, x), {1.5, 2, 3, 4, 4.5});
  Tensor r = random_tensor({2, 8, 3}, -1, 1, 6);
  AveragePooling1D strided(3, AveragePooling1D::Options{.strides = 2});
  check_close(forward(strided, r), naive::pool(r, {{3}, {2}, {1}}, false), 1e-6, 1e-6);
}

TEST_CASE("AveragePooling1D config round trip and errors", "[layers][average_pooling1d]") {
  AveragePooling1D pool(2, AveragePooling1D::Options{.strides = 1, .name = "ap"});
  Json c = pool.get_config();
  CHECK(c["pool_size"] == Json::array({2}));
  CHECK(c["strides"] == Json::array({1}));
  CHECK(AveragePooling1D::from_config(c)->get_config().dump() == c.dump());
  CHECK(pool.compute_output_shape({3, 6, 2}) == Shape{3, 5, 2});
  REQUIRE_THROWS_WITH(AveragePooling1D(2, AveragePooling1D::Options{.strides = 0, .name = "z"}),
                      Catch::Contains("\"z\"") && Catch::Contains("strides=(0,)"));
  REQUIRE_THROWS_WITH(AveragePooling1D::from_config(Json{{"name", "bad"}, {"pool_size", "2"}}),
                      Catch::Contains("AveragePooling1D layer \"bad\"") && Catch::Contains("'pool_size'"));
}
