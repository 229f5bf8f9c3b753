#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "optimizers/adadelta.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// Keras 3 Adadelta (keras/src/optimizers/adadelta.py); s.v = accumulated_grad,
// s.m = accumulated_delta_var.
ReferenceStep adadelta_reference(double lr, double rho = 0.95, double eps = 1e-7) {
  return [=](double& w, double g, ElementState& s, int) {
    s.v = rho * s.v + (1.0 - rho) * g * g;
    double delta = -std::sqrt(s.m + eps) * g / std::sqrt(s.v + eps);
    s.m = rho * s.m + (1.0 - rho) * delta * delta;
    w += lr * delta;
  };
}

}  // namespace

TEST_CASE("Adadelta has Keras 3's defaults", "[optimizers][adadelta]") {
  Adadelta opt;
  CHECK(opt.name() == "adadelta");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["rho"].get<double>() == 0.95);
  CHECK(c["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Adadelta steps: delta = -rms(acc_delta) g / rms(acc_grad), w += lr delta", "[optimizers][adadelta]") {
  SECTION("defaults") {
    Adadelta opt;
    check_trajectory(opt, adadelta_reference(0.001), 5);
  }
  SECTION("learning rate 1 and a large epsilon, so the delta accumulator matters") {
    Adadelta opt({.learning_rate = 1.0, .rho = 0.8, .epsilon = 0.01});
    check_trajectory(opt, adadelta_reference(1.0, 0.8, 0.01), 5);
  }
}

TEST_CASE("Adadelta's variables: all accumulated_grads, then all accumulated_delta_vars", "[optimizers][adadelta]") {
  TwoVariables vars;
  Adadelta opt;
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 6);
  CHECK(names[2] == "dense_kernel_accumulated_grad");
  CHECK(names[3] == "dense_bias_accumulated_grad");
  CHECK(names[4] == "dense_kernel_accumulated_delta_var");
  CHECK(names[5] == "dense_bias_accumulated_delta_var");
}

TEST_CASE("Adadelta config round-trips through deserialize", "[optimizers][adadelta][config]") {
  Adadelta opt({.learning_rate = 0.5, .rho = 0.9, .epsilon = 1e-6, .global_clipnorm = 1.0});
  auto back = deserialize(serialize(opt));
  CHECK(back->class_name() == "Adadelta");
  CHECK(back->get_config() == opt.get_config());
}

TEST_CASE("compile(optimizer = \"adadelta\") trains with Adadelta", "[optimizers][adadelta]") {
  check_compile_by_name("adadelta", "Adadelta");
}
