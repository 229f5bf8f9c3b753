#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/activation.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Activation satisfies the layer contract", "[layers][activation]") {
  for (const char* name : {"tanh", "softmax", "linear"}) {
    INFO(name);
    run_layer_test({.make = [name] { return std::make_shared<Activation>(name); },
                    .input_shape = {2, 3, 4},
                    .expected_output_shape = Shape{2, 3, 4},
                    .weight_names = {}});
  }
}

TEST_CASE("Activation applies the named function", "[layers][activation]") {
  Tensor x = tensor({-2, -0.5f, 0, 1.5f}, {1, 4});
  Activation relu("relu");
  check_close(forward(relu, x), {0, 0, 0, 1.5});
  Activation sigmoid("sigmoid");
  check_close(forward(sigmoid, x), {1 / (1 + std::exp(2.0)), 1 / (1 + std::exp(0.5)), 0.5, 1 / (1 + std::exp(-1.5))});
  // softmax over the last axis of [[0, ln 3]]: [1/4, 3/4].
  Activation softmax("softmax");
  check_close(forward(softmax, tensor({0, static_cast<float>(std::log(3.0))}, {1, 2})), {0.25, 0.75});
  // Keras' None (absent activation) is linear.
  Activation none("None");
  check_close(forward(none, x), x.to_vector<double>(), 0, 0);
}

TEST_CASE("Activation config and errors", "[layers][activation][errors]") {
  Activation act("softplus", "act");
  Json c = act.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "activation"});
  CHECK(c["activation"] == "softplus");
  CHECK(Activation::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(Activation("sigmoidd"),
                      Catch::Contains("Unknown activation 'sigmoidd'") && Catch::Contains("sigmoid") &&
                          Catch::Contains("tanh"));
  REQUIRE_THROWS_WITH(Activation::from_config(Json{{"name", "a"}, {"activation", 7}}),
                      Catch::Contains("Activation layer \"a\"") && Catch::Contains("'activation'"));
}
