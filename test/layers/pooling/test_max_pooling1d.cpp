#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/max_pooling1d.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("MaxPooling1D satisfies the layer contract", "[layers][max_pooling1d]") {
  // A small step: a finite difference must not move a window's maximum to another element.
  run_layer_test({.make = [] { return std::make_shared<MaxPooling1D>(); },
                  .input_shape = {2, 7, 3},
                  .expected_output_shape = Shape{2, 3, 3},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
  run_layer_test(
      {.make = [] { return std::make_shared<MaxPooling1D>(3, MaxPooling1D::Options{.strides = 2, .padding = "same"}); },
       .input_shape = {1, 6, 2},
       .expected_output_shape = Shape{1, 3, 2},
       .weight_names = {},
       .grad = {.eps = 1e-3}});
}

TEST_CASE("MaxPooling1D takes the window maximum per channel", "[layers][max_pooling1d]") {
  // Channel 1 is the negation of channel 0, so a maximum over padding would show as 0.
  Tensor x = tensor({1, -1, 5, -5, 2, -2, 4, -4, 3, -3}, {1, 5, 2});
  check_close(forward(*std::make_shared<MaxPooling1D>(), x), {5, -1, 4, -2});
  MaxPooling1D same(2, MaxPooling1D::Options{.padding = "same"});
  check_close(forward(same, x), {5, -1, 4, -2, 3, -3});
  MaxPooling1D overlap(3, MaxPooling1D::Options{.strides = 1});
  check_close(forward(overlap, x), {5, -1, 5, -2, 4, -2});
  Tensor r = random_tensor({2, 9, 3}, -1, 1, 5);
  MaxPooling1D strided(4, MaxPooling1D::Options{.strides = 3, .padding = "same"});
  check_close(forward(strided, r), naive::pool(r, {{4}, {3}, {1}, true}, true), 1e-6, 1e-6);
}

TEST_CASE("MaxPooling1D config and output shapes follow Keras", "[layers][max_pooling1d]") {
  MaxPooling1D pool(3, MaxPooling1D::Options{.padding = "SAME", .name = "mp"});
  Json c = pool.get_config();
  CHECK(c["pool_size"] == Json::array({3}));
  CHECK(c["strides"] == Json::array({3}));
  CHECK(c["padding"] == "same");
  CHECK(c["data_format"] == "channels_last");
  CHECK(MaxPooling1D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(MaxPooling1D::from_config(Json{{"pool_size", 2}, {"strides", nullptr}})->get_config()["strides"] ==
        Json::array({2}));
  CHECK(pool.compute_output_shape({-1, 10, 4}) == Shape{-1, 4, 4});
  CHECK(pool.compute_output_shape({-1, -1, 4}) == Shape{-1, -1, 4});
}

TEST_CASE("MaxPooling1D rejects bad arguments and inputs naming the layer", "[layers][max_pooling1d][errors]") {
  REQUIRE_THROWS_WITH(MaxPooling1D(0, MaxPooling1D::Options{.name = "p"}),
                      Catch::Contains("\"p\"") && Catch::Contains("pool_size=(0,)"));
  REQUIRE_THROWS_WITH(MaxPooling1D(2, MaxPooling1D::Options{.padding = "full", .name = "q"}),
                      Catch::Contains("\"q\"") && Catch::Contains("'full'"));
  REQUIRE_THROWS_WITH(MaxPooling1D(2, MaxPooling1D::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
  MaxPooling1D pool(4, MaxPooling1D::Options{.name = "big"});
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({1, 3, 2})),
                      Catch::Contains("\"big\"") && Catch::Contains("negative"));
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({1, 3, 3, 2})),
                      Catch::Contains("\"big\"") && Catch::Contains("ndim=3"));
}
