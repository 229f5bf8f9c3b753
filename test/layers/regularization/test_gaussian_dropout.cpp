// GaussianDropout: multiplicative N(1, rate / (1 - rate)) noise in training only.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/regularization/gaussian_dropout.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("GaussianDropout satisfies the layer contract", "[layers][gaussian_dropout]") {
  run_layer_test({.make = [] { return std::make_shared<GaussianDropout>(0.4); },
                  .input_shape = {3, 5},
                  .expected_output_shape = Shape{3, 5},
                  .weight_names = {}});
}

TEST_CASE("GaussianDropout multiplies by N(1, rate/(1-rate)) noise in training", "[layers][gaussian_dropout]") {
  GaussianDropout drop(0.2, GaussianDropout::Options{.seed = 5});
  Tensor x = Tensor::full({100000}, 2.0);
  check_close(forward(drop, x, false), x.to_vector<double>(), 0, 0);
  std::vector<double> y = forward(drop, x, true).to_vector<double>();
  double mean = 0, sq = 0;
  for (double v : y) {
    mean += v / 2.0;
    sq += (v / 2.0) * (v / 2.0);
  }
  mean /= static_cast<double>(y.size());
  const double stddev = std::sqrt(sq / static_cast<double>(y.size()) - mean * mean);
  CHECK(mean == Approx(1.0).margin(0.005));
  CHECK(stddev == Approx(std::sqrt(0.2 / 0.8)).margin(0.005));

  // The gradient is the noise itself (y / x).
  Tensor ones = Tensor::ones({50}), out, grad;
  {
    autograd::GradientTape tape;
    tape.watch(ones);
    out = drop(ones, true);
    grad = tape.gradient(ops::sum(out), {ones})[0];
  }
  check_close(grad, out.to_vector<double>(), 1e-6, 0);
}

TEST_CASE("GaussianDropout config and errors", "[layers][gaussian_dropout][config]") {
  GaussianDropout g(0.3, GaussianDropout::Options{.seed = 1, .name = "gd"});
  Json c = g.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "rate", "seed"});
  CHECK(GaussianDropout::from_config(c)->get_config().dump() == c.dump());
  REQUIRE_THROWS_WITH(GaussianDropout(-0.1, GaussianDropout::Options{.name = "gd"}),
                      Catch::Contains("GaussianDropout layer \"gd\"") && Catch::Contains("rate=-0.1"));
  // rate 1 is accepted (inference works) but its noise is infinite in training.
  GaussianDropout all(1.0, GaussianDropout::Options{.name = "all"});
  check_close(forward(all, Tensor::ones({2}), false), {1, 1}, 0, 0);
  REQUIRE_THROWS_WITH(forward(all, Tensor::ones({2}), true), Catch::Contains("\"all\"") && Catch::Contains("rate=1"));
}
