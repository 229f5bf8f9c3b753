// ELU: x for x > 0, alpha * (exp(x) - 1) otherwise; its config is Keras' automatic one.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/activations/elu.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("ELU satisfies the layer contract", "[layers][elu]") {
  run_layer_test({.make = [] { return std::make_shared<ELU>(0.7); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("ELU computes alpha * (exp(x) - 1) below zero", "[layers][elu]") {
  Tensor x = tensor({-2, -0.5f, 0, 1.5f}, {1, 4});
  ELU standard;
  check_close(forward(standard, x), {std::expm1(-2.0), std::expm1(-0.5), 0, 1.5}, 1e-6, 1e-6);
  ELU half(0.5);
  check_close(forward(half, x), {0.5 * std::expm1(-2.0), 0.5 * std::expm1(-0.5), 0, 1.5}, 1e-6, 1e-6);
}

TEST_CASE("ELU config lists alpha right after the name", "[layers][elu][config]") {
  Json c = ELU(0.5, ELU::Options{.name = "e"}).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "alpha", "trainable", "dtype"});
  CHECK(c["alpha"] == 0.5);
  CHECK(c["dtype"]["class_name"] == "DTypePolicy");
  CHECK(ELU::from_config(c)->get_config().dump() == c.dump());
  CHECK(ELU::from_config(Json{{"name", "d"}})->get_config()["alpha"] == 1.0);
}
