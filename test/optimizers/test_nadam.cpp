#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "optimizers/nadam.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

double momentum_cache(double b1, int step) { return b1 * (1.0 - 0.5 * std::pow(0.96, step)); }

// Keras 3 Nadam (keras/src/optimizers/nadam.py). u_product after step t is the product of
// u_1..u_t; the reference recomputes it from t instead of keeping shared state.
ReferenceStep nadam_reference(double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7) {
  return [=](double& w, double g, ElementState& s, int t) {
    double u_product = 1.0;
    for (int i = 1; i <= t; ++i) u_product *= momentum_cache(b1, i);
    double u_t = momentum_cache(b1, t), u_next = momentum_cache(b1, t + 1);
    s.m += (g - s.m) * (1.0 - b1);
    s.v += (g * g - s.v) * (1.0 - b2);
    double m_hat = u_next * s.m / (1.0 - u_product * u_next) + (1.0 - u_t) * g / (1.0 - u_product);
    double v_hat = s.v / (1.0 - std::pow(b2, t));
    w -= lr * m_hat / (std::sqrt(v_hat) + eps);
  };
}

}  // namespace

TEST_CASE("Nadam has Keras 3's defaults", "[optimizers][nadam]") {
  Nadam opt;
  CHECK(opt.name() == "nadam");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["beta_1"].get<double>() == 0.9);
  CHECK(c["beta_2"].get<double>() == 0.999);
  CHECK(c["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Nadam steps follow Keras 3's momentum schedule", "[optimizers][nadam]") {
  SECTION("defaults") {
    Nadam opt;
    check_trajectory(opt, nadam_reference(0.001), 5);
  }
  SECTION("other betas, rate and epsilon") {
    Nadam opt({.learning_rate = 0.05, .beta_1 = 0.7, .beta_2 = 0.9, .epsilon = 1e-3});
    check_trajectory(opt, nadam_reference(0.05, 0.7, 0.9, 1e-3), 5);
  }
}

TEST_CASE("Nadam's variables: momentums, velocities, then u_product", "[optimizers][nadam]") {
  TwoVariables vars;
  Nadam opt;
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 7);
  CHECK(names[2] == "dense_kernel_momentum");
  CHECK(names[3] == "dense_bias_momentum");
  CHECK(names[4] == "dense_kernel_velocity");
  CHECK(names[5] == "dense_bias_velocity");
  CHECK(names[6] == "u_product");
  CHECK(opt.variables()[6].shape() == Shape{});
  CHECK(opt.variables()[6].item() == 1.0);

  opt.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  opt.apply_gradients(gradients_at(1, wavy_gradient), vars.list());
  CHECK(opt.variables()[6].item() == Approx(momentum_cache(0.9, 1) * momentum_cache(0.9, 2)).epsilon(1e-6));
}

TEST_CASE("Nadam resumes from restored state, u_product included", "[optimizers][nadam]") {
  TwoVariables a, b;
  Nadam first, second;
  for (int k = 0; k < 2; ++k) first.apply_gradients(gradients_at(k, wavy_gradient), a.list());
  b.kernel.assign(a.kernel.value());
  b.bias.assign(a.bias.value());
  second.build_for(b.list());
  second.assign_variables(first.variables(), "test");
  for (int k = 2; k < 5; ++k) {
    first.apply_gradients(gradients_at(k, wavy_gradient), a.list());
    second.apply_gradients(gradients_at(k, wavy_gradient), b.list());
  }
  check_close(b.kernel.value(), a.kernel.value(), 0.0, 0.0);
  check_close(b.bias.value(), a.bias.value(), 0.0, 0.0);
}

TEST_CASE("Nadam config round-trips through deserialize", "[optimizers][nadam][config]") {
  Nadam opt({.learning_rate = 0.002, .beta_1 = 0.85, .beta_2 = 0.99, .epsilon = 1e-6, .weight_decay = 0.01});
  auto back = deserialize(serialize(opt));
  CHECK(back->class_name() == "Nadam");
  CHECK(back->get_config() == opt.get_config());
}

TEST_CASE("compile(optimizer = \"nadam\") trains with Nadam", "[optimizers][nadam]") {
  check_compile_by_name("nadam", "Nadam");
}
