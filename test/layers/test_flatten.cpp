#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/flatten.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Flatten satisfies the layer contract", "[layers][flatten]") {
  run_layer_test({.make = [] { return std::make_shared<Flatten>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 12},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<Flatten>(); },
                  .input_shape = {3, 2, 2, 3},
                  .expected_output_shape = Shape{3, 12},
                  .weight_names = {}});
}

TEST_CASE("Flatten keeps the row-major (channels_last) element order per sample", "[layers][flatten]") {
  Flatten flatten;
  // Two samples of shape (2, 2, 2): sample b, row h, column w, channel c holds 1000b + 100h + 10w + c.
  std::vector<float> x;
  for (int b = 0; b < 2; ++b) {
    for (int h = 0; h < 2; ++h) {
      for (int w = 0; w < 2; ++w) {
        for (int c = 0; c < 2; ++c) x.push_back(static_cast<float>(1000 * b + 100 * h + 10 * w + c));
      }
    }
  }
  Tensor y = forward(flatten, tensor(x, {2, 2, 2, 2}));
  REQUIRE(y.shape() == Shape{2, 8});
  check_close(y, {0, 1, 10, 11, 100, 101, 110, 111, 1000, 1001, 1010, 1011, 1100, 1101, 1110, 1111}, 0, 0);
  // A (batch,) input becomes (batch, 1), as in Keras.
  Tensor v = forward(flatten, tensor({1, 2, 3}, {3}));
  CHECK(v.shape() == Shape{3, 1});
  check_close(v, {1, 2, 3}, 0, 0);
}

TEST_CASE("Flatten output shapes with unknown dimensions", "[layers][flatten]") {
  Flatten flatten;
  CHECK(flatten.compute_output_shape({-1, 5, 5, 64}) == Shape{-1, 1600});
  CHECK(flatten.compute_output_shape({-1, -1, 4}) == Shape{-1, -1});
  CHECK(flatten.compute_output_shape({7}) == Shape{7, 1});
}

TEST_CASE("Flatten config and errors", "[layers][flatten][errors]") {
  Flatten flatten(Flatten::Options{.name = "flat"});
  Json c = flatten.get_config();
  CHECK(c["name"] == "flat");
  CHECK(c["data_format"] == "channels_last");
  CHECK(Flatten::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(Flatten(Flatten::Options{.data_format = "channels_first", .name = "ff"}),
                      Catch::Contains("\"ff\"") && Catch::Contains("channels_first") &&
                          Catch::Contains("channels_last"));
  REQUIRE_THROWS_WITH(Flatten::from_config(Json{{"name", "f2"}, {"data_format", "channels_first"}}),
                      Catch::Contains("\"f2\"") && Catch::Contains("channels_first"));
  REQUIRE_THROWS_WITH(Flatten::from_config(Json{{"name", "f3"}, {"data_format", 3}}),
                      Catch::Contains("Flatten layer \"f3\"") && Catch::Contains("'data_format'"));
  REQUIRE_THROWS_WITH(flatten.compute_output_shape(Shape{}),
                      Catch::Contains("layer \"flat\"") && Catch::Contains("min_ndim=1"));
}
