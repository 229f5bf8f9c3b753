#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/max_pooling3d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/ops/reference.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("MaxPooling3D satisfies the layer contract", "[layers][max_pooling3d]") {
  run_layer_test({.make = [] { return std::make_shared<MaxPooling3D>(); },
                  .input_shape = {2, 4, 5, 4, 2},
                  .expected_output_shape = Shape{2, 2, 2, 2, 2},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<MaxPooling3D>(
                            Size3{3, 2, 2}, MaxPooling3D::Options{.strides = Size3{2, 1, 2}, .padding = "same"});
                      },
                  .input_shape = {1, 5, 3, 4, 2},
                  .expected_output_shape = Shape{1, 3, 3, 2, 2},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
}

TEST_CASE("MaxPooling3D takes the window maximum per channel", "[layers][max_pooling3d]") {
  // One 2x2x2 window over the values 1..8: the maximum is 8, the negated channel's is -1.
  std::vector<float> v;
  for (int i = 1; i <= 8; ++i) {
    v.push_back(static_cast<float>(i));
    v.push_back(-static_cast<float>(i));
  }
  check_close(forward(*std::make_shared<MaxPooling3D>(), tensor(v, {1, 2, 2, 2, 2})), {8, -1});
  Tensor x = ref::distinct_tensor({2, 5, 6, 4, 3});
  MaxPooling3D pool(Size3{2, 3, 2}, MaxPooling3D::Options{.strides = Size3{1, 2, 2}, .padding = "same"});
  check_close(forward(pool, x), naive::pool(x, {{2, 3, 2}, {1, 2, 2}, {1, 1, 1}, true}, true), 1e-6, 1e-6);
}

TEST_CASE("MaxPooling3D config and errors", "[layers][max_pooling3d]") {
  MaxPooling3D pool(Size3{1, 2, 3}, MaxPooling3D::Options{.name = "m3"});
  Json c = pool.get_config();
  CHECK(c["pool_size"] == Json::array({1, 2, 3}));
  CHECK(c["strides"] == Json::array({1, 2, 3}));
  CHECK(MaxPooling3D::from_config(c)->get_config().dump() == c.dump());
  CHECK(pool.compute_output_shape({-1, 4, 4, 9, 1}) == Shape{-1, 4, 2, 3, 1});
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({1, 4, 1, 9, 1})),
                      Catch::Contains("MaxPooling3D \"m3\"") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(MaxPooling3D(Size3{1, 0, 1}), Catch::Contains("pool_size=(1, 0, 1)"));
  REQUIRE_THROWS_WITH(MaxPooling3D::from_config(Json{{"pool_size", {2, 2}}}), Catch::Contains("list of 3 integers"));
}
