#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/lion.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// Keras 3 Lion (keras/src/optimizers/lion.py): the sign uses the old momentum.
ReferenceStep lion_reference(double lr, double b1 = 0.9, double b2 = 0.99) {
  return [=](double& w, double g, ElementState& s, int) {
    double c = s.m * b1 + g * (1.0 - b1);
    w -= lr * static_cast<double>((c > 0.0) - (c < 0.0));
    s.m = s.m * b2 + g * (1.0 - b2);
  };
}

// Gradients that flip sign after the first step, so the momentum decides the update's sign.
float flipping_gradient(int k, int i) { return wavy_gradient(0, i) * (k == 0 ? 1.0f : -0.05f); }

}  // namespace

TEST_CASE("Lion has Keras 3's defaults", "[optimizers][lion]") {
  Lion opt;
  CHECK(opt.name() == "lion");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["beta_1"].get<double>() == 0.9);
  CHECK(c["beta_2"].get<double>() == 0.99);
  CHECK_FALSE(c.contains("epsilon"));
}

TEST_CASE("Lion steps: w -= lr sign(beta_1 m + (1 - beta_1) g)", "[optimizers][lion]") {
  SECTION("defaults") {
    Lion opt;
    check_trajectory(opt, lion_reference(0.001), 5);
  }
  SECTION("flipping gradients: the momentum keeps the old direction") {
    Lion opt({.learning_rate = 0.1, .beta_1 = 0.95, .beta_2 = 0.5});
    check_trajectory(opt, lion_reference(0.1, 0.95, 0.5), 5, flipping_gradient);
  }
}

TEST_CASE("Lion's variables and beta_1 check", "[optimizers][lion]") {
  TwoVariables vars;
  Lion opt;
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 4);
  CHECK(names[2] == "dense_kernel_momentum");
  CHECK(names[3] == "dense_bias_momentum");
  REQUIRE_THROWS_AS(Lion({.beta_1 = 0.0}), ValueError);
  REQUIRE_THROWS_AS(Lion({.beta_1 = 1.5}), ValueError);
}

TEST_CASE("Lion config round-trips through deserialize", "[optimizers][lion][config]") {
  Lion opt({.learning_rate = 3e-4, .beta_1 = 0.95, .beta_2 = 0.98, .weight_decay = 0.1});
  auto back = deserialize(serialize(opt));
  CHECK(back->class_name() == "Lion");
  CHECK(back->get_config() == opt.get_config());
}

TEST_CASE("compile(optimizer = \"lion\") trains with Lion", "[optimizers][lion]") {
  check_compile_by_name("lion", "Lion");
}
