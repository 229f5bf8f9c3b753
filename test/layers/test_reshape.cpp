#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/reshape.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Reshape satisfies the layer contract", "[layers][reshape]") {
  run_layer_test({.make = [] { return std::make_shared<Reshape>(Shape{3, 4}); },
                  .input_shape = {2, 12},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
  // -1 in target_shape survives the config round trip (Keras 3 stores it as given).
  run_layer_test({.make = [] { return std::make_shared<Reshape>(Shape{-1, 2}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 6, 2},
                  .weight_names = {}});
}

TEST_CASE("Reshape keeps the element order and infers -1", "[layers][reshape]") {
  Reshape reshape(Shape{2, -1});
  Tensor y = forward(reshape, tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {2, 6}));
  REQUIRE(y.shape() == Shape{2, 2, 3});
  check_close(y, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 0, 0);
  CHECK(Reshape(Shape{-1}).compute_output_shape({5, 2, 3, 4}) == Shape{5, 24});
  CHECK(Reshape(Shape{4, -1, 3}).compute_output_shape({-1, 24}) == Shape{-1, 4, 2, 3});
  // With an unknown input dimension the -1 stays unknown.
  CHECK(Reshape(Shape{-1, 3}).compute_output_shape({-1, -1, 3}) == Shape{-1, -1, 3});
  CHECK(Reshape(Shape{1, 12}).compute_output_shape({-1, 3, 4}) == Shape{-1, 1, 12});
}

TEST_CASE("Reshape config", "[layers][reshape]") {
  Reshape reshape(Shape{7, -1}, "r");
  Json c = reshape.get_config();
  CHECK(c["name"] == "r");
  CHECK(c["target_shape"] == Json::array({7, -1}));
  auto copy = Reshape::from_config(c);
  CHECK(copy->get_config().dump() == c.dump());
  CHECK(copy->compute_output_shape({-1, 14}) == Shape{-1, 7, 2});
}

TEST_CASE("Reshape rejects size mismatches and bad targets with clear errors", "[layers][reshape][errors]") {
  Reshape reshape(Shape{5}, "five");
  REQUIRE_THROWS_AS(reshape.compute_output_shape({-1, 2, 3}), ShapeError);
  REQUIRE_THROWS_WITH(forward(reshape, Tensor::zeros({1, 2, 3})),
                      Catch::Contains("\"five\"") && Catch::Contains("total size of the new array must be unchanged") &&
                          Catch::Contains("(2, 3)") && Catch::Contains("(5,)"));
  REQUIRE_THROWS_WITH(Reshape(Shape{4, -1}, "q").compute_output_shape({-1, 6}),
                      Catch::Contains("\"q\"") && Catch::Contains("unchanged"));
  REQUIRE_THROWS_WITH(Reshape(Shape{-1, -1}, "two"),
                      Catch::Contains("\"two\"") && Catch::Contains("at most one dimension"));
  REQUIRE_THROWS_WITH(Reshape(Shape{0, 3}, "zero"), Catch::Contains("\"zero\"") && Catch::Contains("(0, 3)"));
  REQUIRE_THROWS_WITH(Reshape::from_config(Json{{"name", "t"}, {"target_shape", "3,4"}}),
                      Catch::Contains("Reshape layer \"t\"") && Catch::Contains("'target_shape'"));
  REQUIRE_THROWS_WITH(Reshape::from_config(Json{{"name", "u"}}),
                      Catch::Contains("Reshape layer \"u\"") && Catch::Contains("'target_shape'"));
}
