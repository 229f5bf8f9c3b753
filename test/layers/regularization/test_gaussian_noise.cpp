// GaussianNoise: additive N(0, stddev^2) noise in training only; seeds, gradient, config, errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/regularization/gaussian_noise.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("GaussianNoise satisfies the layer contract", "[layers][gaussian_noise]") {
  run_layer_test({.make = [] { return std::make_shared<GaussianNoise>(0.1, GaussianNoise::Options{.seed = 2}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("GaussianNoise adds N(0, stddev^2) noise in training only", "[layers][gaussian_noise]") {
  GaussianNoise noise(0.3, GaussianNoise::Options{.seed = 11});
  Tensor x = random_tensor({200, 500});
  check_close(forward(noise, x, false), x.to_vector<double>(), 0, 0);
  std::vector<double> xv = x.to_vector<double>(), yv = forward(noise, x, true).to_vector<double>();
  double mean = 0, sq = 0;
  for (std::size_t i = 0; i < xv.size(); ++i) {
    mean += yv[i] - xv[i];
    sq += (yv[i] - xv[i]) * (yv[i] - xv[i]);
  }
  mean /= static_cast<double>(xv.size());
  // 100000 draws: standard errors 0.001 (mean) and 0.0007 (stddev).
  CHECK(mean == Approx(0.0).margin(0.004));
  CHECK(std::sqrt(sq / static_cast<double>(xv.size()) - mean * mean) == Approx(0.3).margin(0.003));
  GaussianNoise zero(0.0);
  check_close(forward(zero, x, true), xv, 0, 0);
}

TEST_CASE("GaussianNoise is reproducible from the seed; its gradient is 1", "[layers][gaussian_noise]") {
  Tensor x = Tensor::zeros({100});
  GaussianNoise a(0.5, GaussianNoise::Options{.seed = 4}), b(0.5, GaussianNoise::Options{.seed = 4});
  std::vector<float> a1 = forward(a, x, true).to_vector<float>();
  CHECK(a1 == forward(b, x, true).to_vector<float>());
  CHECK(a1 != forward(a, x, true).to_vector<float>());
  utils::set_random_seed(3);
  GaussianNoise u(0.5);
  std::vector<float> u1 = forward(u, x, true).to_vector<float>();
  utils::set_random_seed(3);
  GaussianNoise v(0.5);
  CHECK(forward(v, x, true).to_vector<float>() == u1);

  Tensor grad;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    grad = tape.gradient(ops::sum(a(x, true)), {x})[0];
  }
  check_close(grad, std::vector<double>(100, 1.0), 0, 0);
}

TEST_CASE("GaussianNoise config and errors", "[layers][gaussian_noise][config]") {
  GaussianNoise n(0.2, GaussianNoise::Options{.seed = 9, .name = "jitter"});
  Json c = n.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "stddev", "seed"});
  CHECK(c["stddev"] == 0.2);
  CHECK(c["seed"] == 9);
  CHECK(GaussianNoise::from_config(c)->get_config().dump() == c.dump());
  CHECK(GaussianNoise(0.1).get_config()["seed"].is_null());
  REQUIRE_THROWS_WITH(GaussianNoise(1.5, GaussianNoise::Options{.name = "g"}),
                      Catch::Contains("GaussianNoise layer \"g\"") && Catch::Contains("stddev=1.5"));
  REQUIRE_THROWS_WITH(GaussianNoise::from_config(Json{{"name", "g"}}), Catch::Contains("'stddev'"));
  // Masks pass through.
  Tensor x = Tensor::ones({1, 2, 3});
  x.set_mask(tensor({1, 0}, {1, 2}));
  CHECK(forward(n, x, true).mask().defined());
}
