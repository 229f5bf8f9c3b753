// Masking: zeroes and masks the timesteps whose features all equal mask_value; the mask
// reaches the loss, which then averages over the unmasked timesteps only.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/core/masking.h"
#include "layers/dense.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("Masking satisfies the layer contract", "[layers][masking]") {
  run_layer_test({.make = [] { return std::make_shared<Masking>(0.5); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("Masking masks timesteps whose features all equal mask_value", "[layers][masking][mask]") {
  Masking masking(-1.0);
  // Sample 0: step 1 is all -1 (masked), step 2 only partly. Sample 1: steps 0 and 2 masked.
  Tensor x = tensor({1, 2, -1, -1, -1, 5,  //
                     -1, -1, 3, 4, -1, -1},
                    {2, 3, 2});
  Tensor y = forward(masking, x);
  check_close(y, {1, 2, 0, 0, -1, 5, 0, 0, 3, 4, 0, 0}, 0, 0);
  REQUIRE(y.mask().defined());
  CHECK(y.mask().shape() == Shape{2, 3});
  check_close(y.mask(), {1, 0, 1, 0, 1, 0}, 0, 0);
  // The default mask value is 0; an incoming mask is replaced, not combined.
  Masking zeros;
  Tensor z = tensor({0, 0, 1, 0}, {1, 2, 2});
  z.set_mask(tensor({0, 0}, {1, 2}));
  Tensor out = forward(zeros, z);
  check_close(out.mask(), {0, 1}, 0, 0);
}

TEST_CASE("Masked timesteps do not count in the loss", "[layers][masking][mask]") {
  Sequential model{Input({3, 2}), Masking(), Dense(1, Dense::Options{.kernel_initializer = "ones"})};
  model.compile({.optimizer = "sgd", .loss = "mse"});
  // Step 1 of sample 0 is masked: predictions are 3, (0), 1 and 2, 2, 4.
  Tensor x = tensor({1, 2, 0, 0, 0.5f, 0.5f, 1, 1, 2, 0, 3, 1}, {2, 3, 1 * 2});
  Tensor y = tensor({1, 100, 1, 1, 1, 1}, {2, 3, 1});
  // Squared errors of the 5 valid steps: 4, 0, 1, 1, 9 -> mean 3; the masked 10000 is ignored.
  CHECK(model.evaluate(x, y, {.verbose = 0}).loss() == Approx(3.0).epsilon(1e-5));
}

TEST_CASE("Masking config and errors", "[layers][masking][config]") {
  Masking m(2.5, Masking::Options{.name = "pad"});
  Json c = m.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "mask_value"});
  CHECK(c["mask_value"] == 2.5);
  CHECK(Masking::from_config(c)->get_config().dump() == c.dump());
  CHECK(Masking().get_config()["mask_value"] == 0.0);
  REQUIRE_THROWS_WITH(Masking::from_config(Json{{"name", "m"}, {"mask_value", "zero"}}),
                      Catch::Contains("Masking layer \"m\"") && Catch::Contains("'mask_value'"));
}
