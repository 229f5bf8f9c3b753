#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/dropout.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

std::size_t count_zeros(const std::vector<float>& v) {
  std::size_t n = 0;
  for (float x : v) n += x == 0.0f;
  return n;
}

}  // namespace

TEST_CASE("Dropout satisfies the layer contract", "[layers][dropout]") {
  run_layer_test({.make = [] { return std::make_shared<Dropout>(0.3, Dropout::Options{.seed = 5}); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
}

TEST_CASE("Dropout is the identity at inference", "[layers][dropout]") {
  Dropout dropout(0.9);
  Tensor x = random_tensor({4, 50});
  check_close(forward(dropout, x, false), x.to_vector<double>(), 0, 0);
  // rate 0 is the identity in training as well.
  Dropout none(0.0);
  check_close(forward(none, x, true), x.to_vector<double>(), 0, 0);
}

TEST_CASE("Dropout in training zeroes a fraction `rate` and scales survivors by 1/(1-rate)", "[layers][dropout]") {
  for (double rate : {0.1, 0.5, 0.8}) {
    INFO("rate " << rate);
    Dropout dropout(rate, Dropout::Options{.seed = 123});
    Tensor x = Tensor::full({200, 500}, 2.0);
    std::vector<float> y = forward(dropout, x, true).to_vector<float>();
    double zero_fraction = static_cast<double>(count_zeros(y)) / static_cast<double>(y.size());
    // 100000 Bernoulli draws: the standard error of the fraction is below 0.0016.
    CHECK(zero_fraction == Approx(rate).margin(0.01));
    const float survivor = static_cast<float>(2.0 / (1.0 - rate));
    for (float v : y) {
      if (v != 0.0f && std::fabs(v - survivor) > 1e-5f * survivor) FAIL("survivor " << v << ", expected " << survivor);
    }
  }
}

TEST_CASE("Dropout rate 1 drops everything", "[layers][dropout]") {
  Dropout all(1.0);
  Tensor x = random_tensor({3, 7}, 0.5f, 1.0f);
  check_close(forward(all, x, true), std::vector<double>(21, 0.0), 0, 0);
  check_close(forward(all, x, false), x.to_vector<double>(), 0, 0);
}

TEST_CASE("Dropout masks are reproducible from the seed", "[layers][dropout]") {
  Tensor x = Tensor::ones({1000});
  Dropout a(0.5, Dropout::Options{.seed = 42}), b(0.5, Dropout::Options{.seed = 42});
  Dropout c(0.5, Dropout::Options{.seed = 43});
  std::vector<float> a1 = forward(a, x, true).to_vector<float>(), a2 = forward(a, x, true).to_vector<float>();
  std::vector<float> b1 = forward(b, x, true).to_vector<float>(), b2 = forward(b, x, true).to_vector<float>();
  std::vector<float> c1 = forward(c, x, true).to_vector<float>();
  CHECK(a1 == b1);
  CHECK(a2 == b2);
  CHECK(a1 != a2);  // a new mask on every call
  CHECK(a1 != c1);

  // keras::utils::set_random_seed makes unseeded layers reproducible too.
  utils::set_random_seed(7);
  Dropout u(0.5);
  std::vector<float> u1 = forward(u, x, true).to_vector<float>();
  utils::set_random_seed(7);
  Dropout v(0.5);
  CHECK(forward(v, x, true).to_vector<float>() == u1);
}

TEST_CASE("Dropout's gradient is the mask", "[layers][dropout]") {
  Dropout dropout(0.4, Dropout::Options{.seed = 9});
  Tensor x = Tensor::ones({500});
  Tensor y, grad;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    y = dropout(x, true);
    grad = tape.gradient(ops::sum(y), {x})[0];
  }
  // With x = 1, y = mask, and d sum(x * mask) / dx = mask.
  REQUIRE(grad.defined());
  check_close(grad, y.to_vector<double>(), 1e-6, 0);
  CHECK(count_zeros(y.to_vector<float>()) > 0);
}

TEST_CASE("Dropout with a noise_shape drops whole broadcast slices", "[layers][dropout]") {
  // noise_shape (None, 1, features): a feature is kept or dropped at every timestep together.
  Dropout dropout(0.5, Dropout::Options{.noise_shape = {-1, 1, 6}, .seed = 11});
  Tensor x = Tensor::ones({4, 5, 6});
  std::vector<float> y = dropout(x, true).to_vector<float>();
  int dropped = 0;
  for (int b = 0; b < 4; ++b) {
    for (int f = 0; f < 6; ++f) {
      const float first = y[static_cast<std::size_t>((b * 5) * 6 + f)];
      CHECK((first == 0.0f || first == 2.0f));
      for (int t = 1; t < 5; ++t) CHECK(y[static_cast<std::size_t>((b * 5 + t) * 6 + f)] == first);
      dropped += first == 0.0f;
    }
  }
  CHECK(dropped > 0);
  CHECK(dropped < 24);
  Json c = dropout.get_config();
  CHECK(c["noise_shape"] == Json::array({nullptr, 1, 6}));
  CHECK(Dropout::from_config(c)->get_config().dump() == c.dump());
}

TEST_CASE("Dropout config and errors", "[layers][dropout][errors]") {
  Dropout dropout(0.25, Dropout::Options{.seed = 3, .name = "drop"});
  Json c = dropout.get_config();
  CHECK(c["rate"] == 0.25);
  CHECK(c["seed"] == 3);
  CHECK(c["noise_shape"].is_null());
  CHECK(Dropout::from_config(c)->get_config().dump() == c.dump());
  CHECK(Dropout(0.5).get_config()["seed"].is_null());

  for (double bad : {-0.1, 1.5, std::nan("")}) {
    REQUIRE_THROWS_WITH(Dropout(bad), Catch::Contains("rate"));
  }
  REQUIRE_THROWS_AS(Dropout(-0.1), ValueError);
  REQUIRE_THROWS_WITH(Dropout::from_config(Json{{"name", "d"}, {"rate", 0.5}, {"noise_shape", "wide"}}),
                      Catch::Contains("Dropout layer \"d\"") && Catch::Contains("'noise_shape'"));
  Dropout shaped(0.5, Dropout::Options{.noise_shape = {-1, 1, 3}, .name = "d"});
  REQUIRE_THROWS_WITH(shaped(Tensor::zeros({2, 3}), true), Catch::Contains("\"d\"") && Catch::Contains("rank 2"));
  REQUIRE_THROWS_WITH(shaped(Tensor::zeros({2, 4, 5}), true), Catch::Contains("does not broadcast"));
  REQUIRE_THROWS_WITH(Dropout::from_config(Json{{"name", "d"}, {"rate", "half"}}),
                      Catch::Contains("Dropout layer \"d\"") && Catch::Contains("'rate'"));
}
