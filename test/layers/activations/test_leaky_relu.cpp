// LeakyReLU: x for x >= 0, negative_slope * x otherwise (Keras default slope 0.3).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/activations/leaky_relu.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/naming.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("LeakyReLU satisfies the layer contract", "[layers][leaky_relu]") {
  run_layer_test({.make = [] { return std::make_shared<LeakyReLU>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("LeakyReLU scales negative inputs", "[layers][leaky_relu]") {
  Tensor x = tensor({-2, -0.5f, 0, 3}, {1, 4});
  LeakyReLU standard;
  check_close(forward(standard, x), {-0.6, -0.15, 0, 3}, 1e-7, 0);
  LeakyReLU flat(0.0);
  check_close(forward(flat, x), {0, 0, 0, 3}, 0, 0);
}

TEST_CASE("LeakyReLU config and errors", "[layers][leaky_relu][config]") {
  backend::clear_session();
  CHECK(LeakyReLU().name() == "leaky_re_lu");
  Json c = LeakyReLU(0.1).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "negative_slope"});
  CHECK(c["negative_slope"] == 0.1);
  CHECK(LeakyReLU::from_config(c)->get_config().dump() == c.dump());
  // Keras 2 configs name the slope "alpha".
  CHECK(LeakyReLU::from_config(Json{{"name", "old"}, {"alpha", 0.2}})->get_config()["negative_slope"] == 0.2);
  REQUIRE_THROWS_WITH(LeakyReLU(-0.3, LeakyReLU::Options{.name = "lr"}),
                      Catch::Contains("LeakyReLU layer \"lr\"") && Catch::Contains("negative_slope=-0.3"));
}
