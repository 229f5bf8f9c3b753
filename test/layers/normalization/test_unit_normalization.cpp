// UnitNormalization: the layer contract, values against a naive L2 norm over one or several
// axes, the epsilon clamp at zero vectors, the config's axis, and errors naming the layer.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/normalization/unit_normalization.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("UnitNormalization satisfies the layer contract", "[layers][normalization][unit_normalization]") {
  run_layer_test({.make = [] { return std::make_shared<UnitNormalization>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<UnitNormalization>(UnitNormalization::Options{.axis = {1, 2}});
                      },
                  .input_shape = {2, 3, 2},
                  .expected_output_shape = Shape{2, 3, 2},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
}

TEST_CASE("UnitNormalization scales to unit L2 norm", "[layers][normalization][unit_normalization]") {
  Tensor x = random_tensor({2, 3, 4}, -2, 2, 3);
  std::vector<double> v = x.to_vector<double>();
  // axis -1: each run of 4; axis 1: elements (n, :, k).
  std::vector<double> last(v.size()), middle(v.size());
  for (std::size_t r = 0; r < 6; ++r) {
    double n = 0;
    for (std::size_t j = 0; j < 4; ++j) n += v[r * 4 + j] * v[r * 4 + j];
    for (std::size_t j = 0; j < 4; ++j) last[r * 4 + j] = v[r * 4 + j] / std::sqrt(n);
  }
  for (std::size_t b = 0; b < 2; ++b) {
    for (std::size_t k = 0; k < 4; ++k) {
      double n = 0;
      for (std::size_t t = 0; t < 3; ++t) n += std::pow(v[b * 12 + t * 4 + k], 2);
      for (std::size_t t = 0; t < 3; ++t) middle[b * 12 + t * 4 + k] = v[b * 12 + t * 4 + k] / std::sqrt(n);
    }
  }
  UnitNormalization by_last;
  check_close(forward(by_last, x), last, 1e-6, 1e-5);
  UnitNormalization by_middle(UnitNormalization::Options{.axis = {1}});
  check_close(forward(by_middle, x), middle, 1e-6, 1e-5);
  // A zero vector stays zero (the squared norm is clamped at 1e-24, not divided by zero).
  Tensor zeros = forward(by_last, Tensor::zeros({1, 3}));
  check_close(zeros, {0.0, 0.0, 0.0}, 0, 0);
  CHECK(by_last.get_config()["axis"] == -1);
  CHECK(UnitNormalization(UnitNormalization::Options{.axis = {1, 2}}).get_config()["axis"] == Json::array({1, 2}));
}

TEST_CASE("UnitNormalization rejects out-of-range axes naming the layer",
          "[layers][normalization][unit_normalization][errors]") {
  UnitNormalization un(UnitNormalization::Options{.axis = {2}, .name = "un_axis"});
  REQUIRE_THROWS_WITH(un(Tensor::zeros({2, 3})), Catch::Contains("\"un_axis\"") && Catch::Contains("(2, 3)"));
  REQUIRE_THROWS_WITH(UnitNormalization::from_config(Json{{"name", "u"}, {"axis", {1.5}}}),
                      Catch::Contains("UnitNormalization layer \"u\"") && Catch::Contains("'axis'"));
}
