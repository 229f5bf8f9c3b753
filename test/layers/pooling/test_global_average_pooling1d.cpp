#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/global_average_pooling1d.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("GlobalAveragePooling1D satisfies the layer contract", "[layers][global_average_pooling1d]") {
  run_layer_test({.make = [] { return std::make_shared<GlobalAveragePooling1D>(); },
                  .input_shape = {2, 5, 3},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {}});
  run_layer_test(
      {.make =
           [] { return std::make_shared<GlobalAveragePooling1D>(GlobalAveragePooling1D::Options{.keepdims = true}); },
       .input_shape = {2, 5, 3},
       .expected_output_shape = Shape{2, 1, 3},
       .weight_names = {}});
}

TEST_CASE("GlobalAveragePooling1D averages over the steps", "[layers][global_average_pooling1d]") {
  GlobalAveragePooling1D pool;
  check_close(forward(pool, tensor({1, 10, 2, 20, 6, 60}, {1, 3, 2})), {3, 30});
}

TEST_CASE("GlobalAveragePooling1D averages the unmasked steps only", "[layers][global_average_pooling1d][mask]") {
  // Sample 0 keeps steps 0 and 2, sample 1 keeps step 1; the masked values are large on purpose.
  Tensor x = tensor({1, 10, 100, 100, 3, 30, 100, 100, 5, 50, 100, 100}, {2, 3, 2});
  Tensor mask = tensor({1, 0, 1, 0, 1, 0}, {2, 3});
  x.set_mask(mask);
  GlobalAveragePooling1D pool;
  CHECK(pool.supports_masking());
  Tensor y = forward(pool, x);
  check_close(y, {2, 20, 5, 50});
  // The steps axis is gone, and the mask with it (Keras' compute_mask returns None).
  CHECK_FALSE(y.mask().defined());
  GlobalAveragePooling1D keep(GlobalAveragePooling1D::Options{.keepdims = true});
  Tensor kept = forward(keep, x);
  CHECK(kept.shape() == Shape{2, 1, 2});
  check_close(kept, {2, 20, 5, 50});
  // Gradients flow to the unmasked steps only, each with weight 1 / (kept steps).
  Tensor w = random_tensor({2, 3, 2});
  check_gradients(
      [&](const std::vector<Tensor>& in) {
        Tensor masked = ops::reshape(in[0], in[0].shape());
        masked.set_mask(mask);
        return pool(masked);
      },
      {w});
}

TEST_CASE("GlobalAveragePooling1D config and errors", "[layers][global_average_pooling1d]") {
  GlobalAveragePooling1D pool(GlobalAveragePooling1D::Options{.name = "gap"});
  Json c = pool.get_config();
  CHECK(c["data_format"] == "channels_last");
  CHECK(c["keepdims"] == false);
  CHECK(GlobalAveragePooling1D::from_config(c)->get_config().dump() == c.dump());
  CHECK(pool.compute_output_shape({-1, -1, 7}) == Shape{-1, 7});
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({2, 3})), Catch::Contains("\"gap\"") && Catch::Contains("ndim=3"));
  REQUIRE_THROWS_WITH(GlobalAveragePooling1D(GlobalAveragePooling1D::Options{.data_format = "channels_first"}),
                      Catch::Contains("channels_first"));
}
