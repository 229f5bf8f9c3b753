#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/pooling/global_max_pooling3d.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("GlobalMaxPooling3D satisfies the layer contract", "[layers][global_max_pooling3d]") {
  run_layer_test({.make = [] { return std::make_shared<GlobalMaxPooling3D>(); },
                  .input_shape = {2, 3, 2, 4, 3},
                  .expected_output_shape = Shape{2, 3},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
  run_layer_test(
      {.make = [] { return std::make_shared<GlobalMaxPooling3D>(GlobalMaxPooling3D::Options{.keepdims = true}); },
       .input_shape = {2, 3, 2, 4, 3},
       .expected_output_shape = Shape{2, 1, 1, 1, 3},
       .weight_names = {},
       .grad = {.eps = 1e-3}});
}

TEST_CASE("GlobalMaxPooling3D reduces every spatial axis per channel", "[layers][global_max_pooling3d]") {
  const Shape shape{2, 3, 2, 4, 3};
  Tensor x = random_tensor(shape, -1, 1, 17);
  std::vector<double> v = x.to_vector<double>(), expected;
  const std::int64_t channels = shape.dim(-1), steps = shape.size() / (shape[0] * channels);
  for (std::int64_t n = 0; n < shape[0]; ++n) {
    for (std::int64_t c = 0; c < channels; ++c) {
      double best = -1e30;
      for (std::int64_t s = 0; s < steps; ++s) {
        const double value = v[static_cast<std::size_t>((n * steps + s) * channels + c)];
        best = std::max(best, value);
      }
      expected.push_back(best);
    }
  }
  check_close(forward(*std::make_shared<GlobalMaxPooling3D>(), x), expected, 1e-6, 1e-5);
  Tensor kept = forward(*std::make_shared<GlobalMaxPooling3D>(GlobalMaxPooling3D::Options{.keepdims = true}), x);
  CHECK(kept.shape() == Shape{2, 1, 1, 1, 3});
  check_close(kept, expected, 1e-6, 1e-5);
}

TEST_CASE("GlobalMaxPooling3D config, output shapes and errors", "[layers][global_max_pooling3d]") {
  GlobalMaxPooling3D pool(GlobalMaxPooling3D::Options{.keepdims = true, .name = "g"});
  Json c = pool.get_config();
  CHECK(c["data_format"] == "channels_last");
  CHECK(c["keepdims"] == true);
  CHECK(GlobalMaxPooling3D::from_config(Json::parse(c.dump()))->get_config().dump() == c.dump());
  CHECK(pool.compute_output_shape({-1, 2, 7, -1, 4}) == Shape{-1, 1, 1, 1, 4});
  CHECK(GlobalMaxPooling3D().compute_output_shape({-1, 2, 7, -1, 4}) == Shape{-1, 4});
  REQUIRE_THROWS_WITH(GlobalMaxPooling3D(GlobalMaxPooling3D::Options{.data_format = "channels_first", .name = "cf"}),
                      Catch::Contains("\"cf\"") && Catch::Contains("channels_first"));
  REQUIRE_THROWS_WITH(forward(pool, Tensor::zeros({2, 3})), Catch::Contains("\"g\"") && Catch::Contains("ndim=5"));
  REQUIRE_THROWS_WITH(GlobalMaxPooling3D::from_config(Json{{"keepdims", 1}}), Catch::Contains("'keepdims'"));
}
