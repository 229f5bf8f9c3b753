// ReLU: keras.activations.relu with max_value, negative_slope and threshold, against values
// worked out by hand from Keras' formula; config and argument errors.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/activations/relu.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ReLU satisfies the layer contract", "[layers][relu]") {
  run_layer_test({.make = [] { return std::make_shared<ReLU>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<ReLU>(ReLU::Options{.max_value = 0.5, .negative_slope = 0.2}); },
                  .input_shape = {3, 5},
                  .expected_output_shape = Shape{3, 5},
                  .weight_names = {}});
}

TEST_CASE("ReLU follows keras.activations.relu", "[layers][relu]") {
  Tensor x = tensor({-3, -1, 0, 0.5f, 1, 2, 8}, {1, 7});
  auto run = [&](ReLU::Options o) {
    ReLU layer(std::move(o));
    return forward(layer, x);
  };
  check_close(run({}), {0, 0, 0, 0.5, 1, 2, 8}, 0, 0);
  check_close(run({.max_value = 6.0}), {0, 0, 0, 0.5, 1, 2, 6}, 0, 0);
  // Only slope: leaky relu.
  check_close(run({.negative_slope = 0.1}), {-0.3, -0.1, 0, 0.5, 1, 2, 8}, 1e-7, 0);
  // Threshold 1: x for x > 1, else 0.
  check_close(run({.threshold = 1.0}), {0, 0, 0, 0, 0, 2, 8}, 0, 0);
  // Slope with threshold: -slope * (threshold - x) below the threshold, continuous at it.
  check_close(run({.negative_slope = 0.1, .threshold = 1.0}), {-0.4, -0.2, -0.1, -0.05, 0, 2, 8}, 1e-7, 0);
  // Slope with max_value: clipped above, leaky below.
  check_close(run({.max_value = 1.5, .negative_slope = 0.5}), {-1.5, -0.5, 0, 0.5, 1, 1.5, 1.5}, 1e-7, 0);
}

TEST_CASE("ReLU config and errors", "[layers][relu][config]") {
  backend::clear_session();
  CHECK(ReLU().name() == "re_lu");  // Keras' to_snake_case("ReLU")
  ReLU r(ReLU::Options{.max_value = 6.0, .name = "r6"});
  Json c = r.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "max_value", "negative_slope", "threshold"});
  CHECK(c["max_value"] == 6.0);
  CHECK(ReLU().get_config()["max_value"].is_null());
  CHECK(ReLU::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(ReLU(ReLU::Options{.max_value = -1.0, .name = "r"}),
                      Catch::Contains("ReLU layer \"r\"") && Catch::Contains("max_value=-1"));
  REQUIRE_THROWS_WITH(ReLU(ReLU::Options{.negative_slope = -0.1}), Catch::Contains("negative_slope=-0.1"));
  REQUIRE_THROWS_WITH(ReLU(ReLU::Options{.threshold = -2}), Catch::Contains("threshold=-2"));
  REQUIRE_THROWS_WITH(ReLU::from_config(Json{{"name", "q"}, {"threshold", "high"}}),
                      Catch::Contains("ReLU layer \"q\"") && Catch::Contains("'threshold'"));
}
