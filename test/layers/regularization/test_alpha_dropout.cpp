// AlphaDropout: dropped entries take SELU's negative saturation value and an affine correction
// keeps zero mean and unit variance; noise_shape, training-only behaviour, config and errors.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "layers/regularization/alpha_dropout.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Keras' constants, derived independently: alpha_p = -alpha * scale of SELU.
constexpr double kAlphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;

double correction_a(double rate) { return 1.0 / std::sqrt((1 - rate) * (1 + rate * kAlphaP * kAlphaP)); }

}  // namespace

TEST_CASE("AlphaDropout satisfies the layer contract", "[layers][alpha_dropout]") {
  run_layer_test({.make = [] { return std::make_shared<AlphaDropout>(0.3); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("AlphaDropout applies Keras' affine correction", "[layers][alpha_dropout]") {
  const double rate = 0.2, a = correction_a(rate), b = -a * kAlphaP * rate;
  AlphaDropout drop(rate, AlphaDropout::Options{.seed = 8});
  Tensor x = ops::random_normal({400, 500}, 0.0f, 1.0f, 3);
  check_close(forward(drop, x, false), x.to_vector<double>(), 0, 0);
  std::vector<double> xv = x.to_vector<double>(), yv = forward(drop, x, true).to_vector<double>();
  std::size_t dropped = 0;
  double mean = 0, sq = 0;
  for (std::size_t i = 0; i < xv.size(); ++i) {
    const double kept = a * xv[i] + b, gone = a * kAlphaP + b;
    if (std::fabs(yv[i] - gone) < 1e-5) {
      ++dropped;
    } else if (std::fabs(yv[i] - kept) > 1e-5 * (1 + std::fabs(kept))) {
      FAIL("element " << i << ": " << yv[i] << " is neither a * x + b = " << kept << " nor a * alpha_p + b = " << gone);
    }
    mean += yv[i];
    sq += yv[i] * yv[i];
  }
  mean /= static_cast<double>(yv.size());
  CHECK(static_cast<double>(dropped) / static_cast<double>(xv.size()) == Approx(rate).margin(0.005));
  // Zero mean and unit variance are preserved for standard-normal inputs.
  CHECK(mean == Approx(0.0).margin(0.01));
  CHECK(sq / static_cast<double>(yv.size()) - mean * mean == Approx(1.0).margin(0.01));
}

TEST_CASE("AlphaDropout's training output is Keras' affine map, element by element", "[layers][alpha_dropout]") {
  struct Case {
    std::string name;
    double rate;
    std::optional<std::vector<std::int64_t>> noise_shape;
  };
  for (const Case& c : std::vector<Case>{{"elementwise", 0.3, std::nullopt},
                                         {"noise_shape (None, 1, 5)", 0.6, std::vector<std::int64_t>{-1, 1, 5}}}) {
    INFO(c.name);
    const double a = correction_a(c.rate), b = -a * kAlphaP * c.rate;
    const AlphaDropout::Options options{.noise_shape = c.noise_shape, .seed = 17};
    Tensor x = random_tensor({3, 4, 5}, -2, 2, 40);
    // The keep pattern, read off a zero input run by a layer with the same seed: kept entries
    // give a * 0 + b, dropped ones a * alpha_p + b.
    AlphaDropout probe(c.rate, options);
    std::vector<double> zero_out = forward(probe, Tensor::zeros(x.shape()), true).to_vector<double>();
    std::vector<double> keep;
    for (double z : zero_out) {
      if (std::fabs(z - b) < 1e-6) {
        keep.push_back(1.0);
      } else if (std::fabs(z - (a * kAlphaP + b)) < 1e-6) {
        keep.push_back(0.0);
      } else {
        FAIL(z << " is neither b = " << b << " nor a * alpha_p + b = " << a * kAlphaP + b);
      }
    }
    AlphaDropout drop(c.rate, options);
    Tensor y = forward(drop, x, true);
    std::vector<double> xv = x.to_vector<double>(), expected;
    double kept = 0;
    for (std::size_t i = 0; i < xv.size(); ++i) {
      expected.push_back(a * (xv[i] * keep[i] + kAlphaP * (1 - keep[i])) + b);
      kept += keep[i];
    }
    // Both branches must occur, or half of the formula goes unchecked.
    REQUIRE(kept > 0);
    REQUIRE(kept < static_cast<double>(keep.size()));
    check_close(y, expected, 1e-6, 1e-6);
  }
}

TEST_CASE("AlphaDropout's training gradient matches finite differences", "[layers][alpha_dropout][gradients]") {
  // The layer draws a fresh keep pattern on every call, so each evaluation gets a new layer with
  // the same seed: its first call always draws the same pattern.
  auto fresh = [](const std::vector<Tensor>& in) {
    AlphaDropout drop(0.4, AlphaDropout::Options{.noise_shape = std::vector<std::int64_t>{-1, 1, 4}, .seed = 23});
    return drop(in[0], true);
  };
  Tensor x = random_tensor({3, 2, 4}, -1, 1, 41);
  std::vector<double> once = fresh({x}).to_vector<double>();
  REQUIRE(fresh({x}).to_vector<double>() == once);
  check_gradients(fresh, {x});
  // dy/dx is a on kept entries and 0 on dropped ones.
  const double a = correction_a(0.4), b = -a * kAlphaP * 0.4;
  std::vector<double> xv = x.to_vector<double>(), expected;
  for (std::size_t i = 0; i < xv.size(); ++i) expected.push_back(std::fabs(once[i] - (a * kAlphaP + b)) < 1e-6 ? 0 : a);
  REQUIRE(std::count(expected.begin(), expected.end(), 0.0) > 0);
  REQUIRE(std::count(expected.begin(), expected.end(), a) > 0);
  Tensor grad;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    grad = tape.gradient(ops::sum(fresh({x})), {x})[0];
  }
  REQUIRE(grad.defined());
  check_close(grad, expected, 1e-6, 1e-6);
}

TEST_CASE("AlphaDropout's noise_shape shares draws along axes of 1", "[layers][alpha_dropout]") {
  AlphaDropout drop(0.5, AlphaDropout::Options{.noise_shape = std::vector<std::int64_t>{-1, 1, 6}, .seed = 2});
  Tensor x = Tensor::ones({4, 5, 6});
  std::vector<float> y = forward(drop, x, true).to_vector<float>();
  for (std::int64_t bc = 0; bc < 4 * 6; ++bc) {
    std::int64_t b = bc / 6, c = bc % 6;
    for (std::int64_t t = 1; t < 5; ++t) {
      CHECK(y[static_cast<std::size_t>((b * 5 + t) * 6 + c)] == y[static_cast<std::size_t>(b * 5 * 6 + c)]);
    }
  }
}

TEST_CASE("AlphaDropout config and errors", "[layers][alpha_dropout][config]") {
  AlphaDropout d(0.1,
                 AlphaDropout::Options{.noise_shape = std::vector<std::int64_t>{-1, 1, 4}, .seed = 3, .name = "ad"});
  Json c = d.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "rate", "seed", "noise_shape"});
  CHECK(c["noise_shape"] == Json::array({nullptr, 1, 4}));
  CHECK(AlphaDropout::from_config(c)->get_config().dump() == c.dump());
  CHECK(AlphaDropout(0.5).get_config()["noise_shape"].is_null());

  REQUIRE_THROWS_WITH(AlphaDropout(2.0, AlphaDropout::Options{.name = "ad"}),
                      Catch::Contains("AlphaDropout layer \"ad\"") && Catch::Contains("rate=2"));
  REQUIRE_THROWS_WITH(forward(d, Tensor::ones({2, 3}), true), Catch::Contains("\"ad\"") && Catch::Contains("rank"));
  AlphaDropout bad(0.1, AlphaDropout::Options{.noise_shape = std::vector<std::int64_t>{2, 3}, .name = "bad"});
  REQUIRE_THROWS_WITH(forward(bad, Tensor::ones({2, 4}), true),
                      Catch::Contains("\"bad\"") && Catch::Contains("does not broadcast"));
  AlphaDropout all(1.0, AlphaDropout::Options{.name = "all"});
  REQUIRE_THROWS_WITH(forward(all, Tensor::ones({2}), true), Catch::Contains("\"all\"") && Catch::Contains("rate=1"));
}
