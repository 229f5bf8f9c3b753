#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Sequential takes layers by value, by shared_ptr, through add(), with an Input", "[model][sequential]") {
  backend::clear_session();
  auto shared = std::make_shared<Dense>(3);
  Sequential model{Input({4}), Dense(5, "relu")};
  model.add(shared);
  model.add(Dropout(0.1));
  REQUIRE(model.layers().size() == 3);  // the InputLayer is not listed, as in Keras
  CHECK(model.built());
  // Names are given at construction: `shared` was built first.
  CHECK(model.layers()[0]->name() == "dense_1");
  CHECK(model.layers()[1]->name() == "dense");
  CHECK(model.name() == "sequential");
  CHECK(model.compute_output_shape({-1, 4}) == Shape{-1, 3});
  CHECK(model.count_params() == 4 * 5 + 5 + 5 * 3 + 3);
  CHECK(&model.get_layer("dense") == shared.get());
  CHECK(&model.get_layer(2) == model.layers()[2].get());
  model.pop();
  CHECK(model.layers().size() == 2);
}

TEST_CASE("Sequential without an Input builds from the data", "[model][sequential]") {
  Sequential model{Dense(2)};
  CHECK_FALSE(model.built());
  Tensor y = model.predict(Tensor::ones({3, 7}), {.verbose = 0});
  CHECK(model.built());
  CHECK(y.shape() == Shape{3, 2});
  CHECK(model.layers()[0]->weights()[0]->shape() == Shape{7, 2});
}

TEST_CASE("get_weights / set_weights round-trip in Keras order", "[model][sequential]") {
  Sequential a{Input({3}), Dense(4), Dense(2)};
  Sequential b{Input({3}), Dense(4), Dense(2)};
  auto weights = a.get_weights();
  REQUIRE(weights.size() == 4);
  CHECK(weights[0].shape() == Shape{3, 4});
  CHECK(weights[1].shape() == Shape{4});
  b.set_weights(weights);
  Tensor x = random_tensor({5, 3});
  check_close(b.predict(x, {.verbose = 0}), a.predict(x, {.verbose = 0}), 0, 0);
  weights.pop_back();
  REQUIRE_THROWS_WITH(b.set_weights(weights), Catch::Contains("expects 4 weights") && Catch::Contains("received 3"));
}

TEST_CASE("Sequential errors name the model, the layer and the shapes", "[model][sequential][errors]") {
  backend::clear_session();
  Sequential model{Input({28, 28, 1}), Conv2D(4, {3, 3}), Flatten(), Dense(10)};
  REQUIRE_THROWS_WITH(model.predict(Tensor::zeros({2, 28, 28, 3}), {.verbose = 0}),
                      Catch::Contains("layer \"sequential\"") && Catch::Contains("(None, 28, 28, 1)") &&
                          Catch::Contains("(2, 28, 28, 3)"));
  // A missing trailing axis of size 1 is added, as Keras' Functional does.
  CHECK(model.predict(Tensor::zeros({2, 28, 28}), {.verbose = 0}).shape() == Shape{2, 10});
  REQUIRE_THROWS_WITH(model.add(Dense(3, Dense::Options{.name = "dense"})),
                      Catch::Contains("unique names") && Catch::Contains("\"dense\""));
  REQUIRE_THROWS_WITH(model.add(Input({3})), Catch::Contains("first item"));
  REQUIRE_THROWS_WITH(model.get_layer("nope"), Catch::Contains("No such layer: nope") && Catch::Contains("conv2d"));
  REQUIRE_THROWS_WITH(model.get_layer(7), Catch::Contains("index 7"));
  Sequential empty;
  REQUIRE_THROWS_WITH(empty.pop(), Catch::Contains("no layers"));
  // A layer that does not fit the previous output fails when added to a built model.
  REQUIRE_THROWS_WITH(model.add(Conv2D(2, {3, 3})), Catch::Contains("conv2d_1") && Catch::Contains("ndim=4"));
}

TEST_CASE("Sequential config lists the InputLayer and the build shape", "[model][sequential]") {
  backend::clear_session();
  Sequential model{Input({5}), Dense(2)};
  Json c = model.get_config();
  CHECK(c["name"] == "sequential");
  REQUIRE(c["layers"].size() == 2);
  CHECK(c["layers"][0]["class_name"] == "InputLayer");
  CHECK(c["layers"][0]["config"]["batch_shape"].dump() == "[null,5]");
  CHECK(c["layers"][1]["class_name"] == "Dense");
  CHECK(c["build_input_shape"].dump() == "[null,5]");
}
