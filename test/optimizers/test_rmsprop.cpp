#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/rmsprop.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

TEST_CASE("RMSprop has Keras 3's defaults", "[optimizers][rmsprop]") {
  RMSprop rms;
  CHECK(rms.name() == "rmsprop");
  CHECK(rms.learning_rate() == 0.001f);
  Json c = rms.get_config();
  CHECK(c["rho"].get<double>() == 0.9);
  CHECK(c["momentum"].get<double>() == 0.0);
  CHECK(c["epsilon"].get<double>() == 1e-7);
  CHECK(c["centered"] == false);
}

TEST_CASE("RMSprop steps: v = rho v + (1 - rho) g^2, w -= lr g / sqrt(v + eps)", "[optimizers][rmsprop]") {
  SECTION("defaults") {
    RMSprop rms;
    check_trajectory(rms, rmsprop_reference(0.001), 5);
  }
  SECTION("an epsilon large enough to show it sits inside the root") {
    RMSprop rms({.learning_rate = 0.05, .rho = 0.8, .epsilon = 0.05});
    check_trajectory(rms, rmsprop_reference(0.05, 0.8, 0.0, 0.05), 5);
  }
  SECTION("momentum: m = momentum m + increment, w -= m") {
    RMSprop rms({.learning_rate = 0.02, .momentum = 0.6});
    check_trajectory(rms, rmsprop_reference(0.02, 0.9, 0.6), 5);
  }
  SECTION("centered: denominator v - avg^2 + eps") {
    RMSprop rms({.learning_rate = 0.02, .rho = 0.7, .centered = true});
    check_trajectory(rms, rmsprop_reference(0.02, 0.7, 0.0, 1e-7, true), 5);
  }
  SECTION("centered with momentum and a large epsilon") {
    RMSprop rms({.learning_rate = 0.02, .rho = 0.7, .momentum = 0.5, .epsilon = 0.01, .centered = true});
    check_trajectory(rms, rmsprop_reference(0.02, 0.7, 0.5, 0.01, true), 5);
  }
}

TEST_CASE("RMSprop's variables: velocities, then momentums, then average gradients", "[optimizers][rmsprop]") {
  TwoVariables vars;
  std::vector<Tensor> g = gradients_at(0, wavy_gradient);
  RMSprop plain;
  plain.apply_gradients(g, vars.list());
  CHECK(plain.variables().size() == 4);
  CHECK(plain.count_params() == 2 + 7);

  RMSprop full({.rho = 0.8, .momentum = 0.5, .centered = true});
  full.apply_gradients(g, vars.list());
  std::vector<Tensor> v = full.variables();
  REQUIRE(v.size() == 8);
  CHECK(full.count_params() == 2 + 3 * 7);
  std::vector<double> g0 = g[0].to_vector<double>(), g1 = g[1].to_vector<double>();
  auto times = [](std::vector<double> x, double f, bool square) {
    for (double& e : x) e = f * (square ? e * e : e);
    return x;
  };
  check_close(v[2], times(g0, 0.2, true), 1e-7, 1e-5);  // velocity of kernel
  check_close(v[3], times(g1, 0.2, true), 1e-7, 1e-5);  // velocity of bias
  CHECK(v[4].shape() == Shape{2, 2});                    // momentum of kernel
  CHECK(v[5].shape() == Shape{3});                       // momentum of bias
  check_close(v[6], times(g0, 0.2, false), 1e-7, 1e-5);  // average gradient of kernel
  check_close(v[7], times(g1, 0.2, false), 1e-7, 1e-5);  // average gradient of bias
}

TEST_CASE("RMSprop config round-trips and rejects a bad rho", "[optimizers][rmsprop][config]") {
  RMSprop rms({.learning_rate = 0.01, .rho = 0.8, .momentum = 0.2, .epsilon = 1e-4, .centered = true, .clipvalue = 0.5});
  auto back = RMSprop::from_config(rms.get_config());
  CHECK(back->get_config() == rms.get_config());
  CHECK(back->get_config()["clipvalue"].get<double>() == 0.5);
  REQUIRE_THROWS_AS(RMSprop({.rho = 1.5}), ValueError);
}
