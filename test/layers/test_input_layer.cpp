#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/input_layer.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("InputLayer satisfies the layer contract", "[layers][input_layer]") {
  run_layer_test({.make = [] { return std::make_shared<InputLayer>(Shape{3, 4}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("InputLayer passes its input through and records the batch shape", "[layers][input_layer]") {
  InputLayer input(Shape{28, 28, 1});
  CHECK(input.built());
  CHECK(input.batch_shape() == Shape{-1, 28, 28, 1});
  CHECK(input.dtype() == float32);
  Tensor x = random_tensor({2, 28, 28, 1});
  check_close(forward(input, x), x.to_vector<double>(), 0, 0);
  REQUIRE_THROWS_WITH(forward(input, Tensor::zeros({2, 28, 28})), Catch::Contains("expected ndim=4"));

  InputLayer fixed(Shape{5}, InputLayer::Options{.batch_size = 8});
  CHECK(fixed.batch_shape() == Shape{8, 5});
  CHECK(fixed.get_config()["batch_shape"] == Json::array({8, 5}));
}

TEST_CASE("InputLayer config is Keras 3's", "[layers][input_layer]") {
  InputLayer input(Shape{-1, 10}, InputLayer::Options{.name = "tokens"});
  Json expected = Json::parse(R"({"batch_shape": [null, null, 10], "dtype": "float32", "sparse": false,
                                  "ragged": false, "name": "tokens"})");
  CHECK(input.get_config().dump() == expected.dump());
  auto copy = InputLayer::from_config(expected);
  CHECK(copy->get_config().dump() == expected.dump());
  // Keras 2 wrote batch_input_shape.
  auto keras2 = InputLayer::from_config(Json::parse(R"({"batch_input_shape": [null, 7], "dtype": "float32",
                                                       "sparse": false, "name": "input_1"})"));
  CHECK(std::static_pointer_cast<InputLayer>(keras2)->batch_shape() == Shape{-1, 7});
  CHECK(keras2->name() == "input_1");
}

TEST_CASE("keras::Input makes a symbolic tensor owned by an InputLayer", "[layers][input_layer]") {
  KerasTensor t = Input(Shape{32, 32, 3}, InputLayer::Options{.name = "image"});
  CHECK(t.shape == Shape{-1, 32, 32, 3});
  CHECK(t.dtype == float32);
  REQUIRE(t.layer());
  CHECK(t.layer()->class_name() == "InputLayer");
  CHECK(t.layer()->name() == "image");
}

TEST_CASE("InputLayer rejects bad shapes and configs with clear errors", "[layers][input_layer][errors]") {
  REQUIRE_THROWS_WITH(InputLayer(Shape{0, 3}, InputLayer::Options{.name = "in"}),
                      Catch::Contains("\"in\"") && Catch::Contains("(0, 3)"));
  REQUIRE_THROWS_WITH(InputLayer(Shape{-2}), Catch::Contains("invalid shape"));
  REQUIRE_THROWS_WITH(InputLayer::from_config(Json{{"name", "x"}}),
                      Catch::Contains("InputLayer \"x\"") && Catch::Contains("'batch_shape' is required"));
  REQUIRE_THROWS_WITH(InputLayer::from_config(Json{{"name", "x"}, {"batch_shape", Json::array()}}),
                      Catch::Contains("InputLayer \"x\"") && Catch::Contains("'batch_shape'"));
  REQUIRE_THROWS_WITH(InputLayer::from_config(Json{{"name", "x"}, {"batch_shape", Json::array({nullptr, "a"})}}),
                      Catch::Contains("InputLayer \"x\"") && Catch::Contains("'batch_shape'"));
  REQUIRE_THROWS_WITH(InputLayer::from_config(Json{{"name", "x"}, {"batch_shape", Json::array({nullptr, 3})},
                                                   {"dtype", "float128"}}),
                      Catch::Contains("float128"));
}
