#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "optimizers/adagrad.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// Keras 3 Adagrad (keras/src/optimizers/adagrad.py); s.v is the accumulator, which starts at
// initial_accumulator_value rather than zero.
ReferenceStep adagrad_reference(double lr, double initial = 0.1, double eps = 1e-7) {
  return [=](double& w, double g, ElementState& s, int t) {
    if (t == 1) s.v = initial;
    s.v += g * g;
    w -= lr * g / std::sqrt(s.v + eps);
  };
}

}  // namespace

TEST_CASE("Adagrad has Keras 3's defaults", "[optimizers][adagrad]") {
  Adagrad opt;
  CHECK(opt.name() == "adagrad");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["initial_accumulator_value"].get<double>() == 0.1);
  CHECK(c["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Adagrad steps: acc += g^2, w -= lr g / sqrt(acc + eps)", "[optimizers][adagrad]") {
  SECTION("defaults") {
    Adagrad opt;
    check_trajectory(opt, adagrad_reference(0.001), 5);
  }
  SECTION("a large rate, a different initial accumulator and epsilon") {
    Adagrad opt({.learning_rate = 0.5, .initial_accumulator_value = 0.4, .epsilon = 0.01});
    check_trajectory(opt, adagrad_reference(0.5, 0.4, 0.01), 5);
  }
}

TEST_CASE("Adagrad's accumulators start at initial_accumulator_value", "[optimizers][adagrad]") {
  TwoVariables vars;
  Adagrad opt({.initial_accumulator_value = 0.25});
  opt.build_for(vars.list());
  std::vector<Tensor> v = opt.variables();
  REQUIRE(v.size() == 4);
  check_close(v[2], {0.25, 0.25, 0.25, 0.25}, 0.0, 0.0);
  check_close(v[3], {0.25, 0.25, 0.25}, 0.0, 0.0);
  CHECK(opt.variable_names()[2] == "dense_kernel_accumulator");
}

TEST_CASE("Adagrad config round-trips through deserialize", "[optimizers][adagrad][config]") {
  Adagrad opt({.learning_rate = 0.01, .initial_accumulator_value = 0.3, .epsilon = 1e-4, .clipnorm = 2.0});
  auto back = deserialize(serialize(opt));
  CHECK(back->class_name() == "Adagrad");
  CHECK(back->get_config() == opt.get_config());
}

TEST_CASE("compile(optimizer = \"adagrad\") trains with Adagrad", "[optimizers][adagrad]") {
  check_compile_by_name("adagrad", "Adagrad");
}
