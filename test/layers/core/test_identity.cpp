// Identity: returns its input (as a new handle), keeps masks, has the base config only.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/core/identity.h"
#include "layers/input_layer.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Identity satisfies the layer contract", "[layers][identity]") {
  run_layer_test({.make = [] { return std::make_shared<Identity>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("Identity returns its input and passes the mask through", "[layers][identity][mask]") {
  Identity id;
  Tensor x = random_tensor({3, 4});
  x.set_mask(tensor({1, 0, 1}, {3}));
  Tensor y = forward(id, x);
  check_close(y, x.to_vector<double>(), 0, 0);
  CHECK(y.id() != x.id());
  REQUIRE(y.mask().defined());
  check_close(y.mask(), {1, 0, 1}, 0, 0);
  // In a graph the output shape is the input's.
  KerasTensor in = Input({7, 2});
  CHECK(Identity()(in).shape == Shape{-1, 7, 2});
}

TEST_CASE("Identity config is the base config", "[layers][identity][config]") {
  Identity id(Identity::Options{.name = "pass"});
  Json c = id.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype"});
  CHECK(c["name"] == "pass");
  CHECK(Identity::from_config(c)->get_config().dump() == c.dump());
  CHECK(Identity().name().rfind("identity", 0) == 0);
}
