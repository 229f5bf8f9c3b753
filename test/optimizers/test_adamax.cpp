#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "optimizers/adamax.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// Keras 3 Adamax (keras/src/optimizers/adamax.py); s.v is the infinity norm u.
ReferenceStep adamax_reference(double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7) {
  return [=](double& w, double g, ElementState& s, int t) {
    s.m += (g - s.m) * (1.0 - b1);
    s.v = std::max(b2 * s.v, std::abs(g));
    w -= lr * s.m / ((1.0 - std::pow(b1, t)) * (s.v + eps));
  };
}

// Large, then much smaller gradients, so that u keeps its decayed maximum instead of |g|.
float shrinking_gradient(int k, int i) { return wavy_gradient(0, i) / static_cast<float>((k + 1) * (k + 1)); }

}  // namespace

TEST_CASE("Adamax has Keras 3's defaults", "[optimizers][adamax]") {
  Adamax opt;
  CHECK(opt.name() == "adamax");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["beta_1"].get<double>() == 0.9);
  CHECK(c["beta_2"].get<double>() == 0.999);
  CHECK(c["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Adamax steps: u = max(beta_2 u, |g|), w -= lr m / ((1 - beta_1^t)(u + eps))", "[optimizers][adamax]") {
  SECTION("defaults") {
    Adamax opt;
    check_trajectory(opt, adamax_reference(0.001), 5);
  }
  SECTION("shrinking gradients: the decayed norm wins the max") {
    Adamax opt({.learning_rate = 0.05, .beta_1 = 0.8, .beta_2 = 0.7, .epsilon = 1e-3});
    check_trajectory(opt, adamax_reference(0.05, 0.8, 0.7, 1e-3), 5, shrinking_gradient);
  }
}

TEST_CASE("Adamax's variables: momentum and norm interleaved per weight", "[optimizers][adamax]") {
  TwoVariables vars;
  Adamax opt;
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 6);
  CHECK(names[2] == "dense_kernel_momentum");
  CHECK(names[3] == "dense_kernel_norm");
  CHECK(names[4] == "dense_bias_momentum");
  CHECK(names[5] == "dense_bias_norm");
}

TEST_CASE("Adamax config round-trips through deserialize", "[optimizers][adamax][config]") {
  Adamax opt({.learning_rate = 0.01, .beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-5, .clipvalue = 0.5});
  auto back = deserialize(serialize(opt));
  CHECK(back->class_name() == "Adamax");
  CHECK(back->get_config() == opt.get_config());
}

TEST_CASE("compile(optimizer = \"adamax\") trains with Adamax", "[optimizers][adamax]") {
  check_compile_by_name("adamax", "Adamax");
}
