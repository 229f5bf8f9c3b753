#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "optimizers/lamb.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

struct LambArgs {
  double lr = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7;
};

// Keras 3 Lamb (keras/src/optimizers/lamb.py) on one whole variable: Adam's bias-corrected
// direction, scaled by ||w|| / ||direction|| unless either norm is zero.
void lamb_reference(std::vector<double>& w, const std::vector<double>& g, std::vector<ElementState>& s, int t,
                    const LambArgs& a) {
  std::vector<double> update(w.size());
  double w_sq = 0.0, u_sq = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    s[i].m += (g[i] - s[i].m) * (1.0 - a.beta_1);
    s[i].v += (g[i] * g[i] - s[i].v) * (1.0 - a.beta_2);
    update[i] = (s[i].m / (1.0 - std::pow(a.beta_1, t))) /
                (std::sqrt(s[i].v / (1.0 - std::pow(a.beta_2, t))) + a.epsilon);
    w_sq += w[i] * w[i];
    u_sq += update[i] * update[i];
  }
  const double ratio = w_sq > 0.0 && u_sq > 0.0 ? std::sqrt(w_sq) / std::sqrt(u_sq) : 1.0;
  for (std::size_t i = 0; i < w.size(); ++i) w[i] -= ratio * a.lr * update[i];
}

// Runs `steps` apply_gradients calls on `vars` and compares each variable after every step.
void check_lamb_trajectory(Lamb& opt, const LambArgs& a, TwoVariables& vars, int steps, const GradientFn& grad) {
  std::vector<double> kernel = vars.kernel.value().to_vector<double>();
  std::vector<double> bias = vars.bias.value().to_vector<double>();
  std::vector<ElementState> kernel_state(4), bias_state(3);
  for (int k = 0; k < steps; ++k) {
    INFO("step " << k + 1);
    opt.apply_gradients(gradients_at(k, grad), vars.list());
    std::vector<double> g(7);
    for (int i = 0; i < 7; ++i) g[static_cast<std::size_t>(i)] = grad(k, i);
    lamb_reference(kernel, {g.begin(), g.begin() + 4}, kernel_state, k + 1, a);
    lamb_reference(bias, {g.begin() + 4, g.end()}, bias_state, k + 1, a);
    check_close(vars.kernel.value(), kernel, 1e-6, 1e-5);
    check_close(vars.bias.value(), bias, 1e-6, 1e-5);
  }
}

// Zero for the kernel (elements 0-3) on the first step, so its update norm is zero then.
float late_kernel_gradient(int k, int i) { return k == 0 && i < 4 ? 0.0f : wavy_gradient(k, i); }

}  // namespace

TEST_CASE("Lamb has Keras 3's defaults", "[optimizers][lamb]") {
  Lamb opt;
  CHECK(opt.name() == "lamb");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["beta_1"].get<double>() == 0.9);
  CHECK(c["beta_2"].get<double>() == 0.999);
  CHECK(c["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Lamb steps: Adam's direction times the layer-wise trust ratio", "[optimizers][lamb]") {
  SECTION("defaults") {
    TwoVariables vars;
    Lamb opt;
    check_lamb_trajectory(opt, {}, vars, 6, wavy_gradient);
  }
  SECTION("other betas and a large epsilon") {
    TwoVariables vars;
    LambArgs a{.lr = 0.05, .beta_1 = 0.5, .beta_2 = 0.8, .epsilon = 0.1};
    Lamb opt({.learning_rate = a.lr, .beta_1 = a.beta_1, .beta_2 = a.beta_2, .epsilon = a.epsilon});
    check_lamb_trajectory(opt, a, vars, 6, wavy_gradient);
  }
  SECTION("a zero weight norm and a zero update norm both give a ratio of 1") {
    // The bias starts at zero (||w|| = 0); the kernel gets no gradient on step 1 (||update|| = 0).
    TwoVariables vars;
    vars.bias.assign(Tensor::zeros({3}));
    LambArgs a{.lr = 0.1};
    Lamb opt({.learning_rate = a.lr});
    check_lamb_trajectory(opt, a, vars, 6, late_kernel_gradient);
  }
}

TEST_CASE("Lamb's trust ratio uses the norms of whole variables", "[optimizers][lamb]") {
  // w = (3, 4): ||w|| = 5. On step 1 the direction is g / (|g| + eps / sqrt(1 - beta_2)) ~ sign(g),
  // so ||update|| ~ sqrt(2) and each element moves by lr * 5 / sqrt(2), not by lr * |w_i|.
  Variable w{"w", "w", tensor({3.0f, 4.0f}, {2}), true};
  Lamb opt({.learning_rate = 0.01});
  opt.apply_gradients({tensor({1.0f, -2.0f}, {2})}, {&w});
  const double step = 0.01 * 5.0 / std::sqrt(2.0);
  check_close(w.value(), {3.0 - step, 4.0 + step}, 1e-5, 1e-5);
}

TEST_CASE("Lamb's variables: momentum and velocity interleaved per weight", "[optimizers][lamb]") {
  TwoVariables vars;
  Lamb opt;
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 6);
  CHECK(names[2] == "dense_kernel_momentum");
  CHECK(names[3] == "dense_kernel_velocity");
  CHECK(names[4] == "dense_bias_momentum");
  CHECK(names[5] == "dense_bias_velocity");
}

TEST_CASE("Lamb config round-trips through deserialize", "[optimizers][lamb][config]") {
  Lamb opt({.learning_rate = 0.01, .beta_1 = 0.8, .beta_2 = 0.99, .epsilon = 1e-6, .global_clipnorm = 2.0});
  Json config = serialize(opt);
  CHECK(config["config"]["epsilon"].get<double>() == 1e-6);
  auto back = deserialize(config);
  CHECK(back->class_name() == "Lamb");
  CHECK(back->get_config() == opt.get_config());
  CHECK(deserialize({{"class_name", "Lamb"}, {"config", Json::object()}})->get_config() == Lamb().get_config());
  REQUIRE_THROWS_AS(deserialize({{"class_name", "Lamb"}, {"config", {{"beta_1", "high"}}}}), ValueError);
}

TEST_CASE("fit() with Lamb lowers the loss", "[optimizers][lamb]") {
  backend::clear_session();
  utils::set_random_seed(3);
  Sequential model{Input({3}), layers::Dense(1)};
  model.compile({.optimizer = Lamb({.learning_rate = 0.05}), .loss = "mse"});
  Tensor x = tensor({1.0f, 0.0f, 2.0f, -1.0f, 1.0f, 0.5f, 0.0f, -2.0f, 1.0f, 2.0f, 1.0f, -1.0f}, {4, 3});
  Tensor y = tensor({2.0f, -2.5f, 4.5f, -0.5f}, {4, 1});
  const double before = model.evaluate(x, y, {.verbose = 0})["loss"];
  model.fit(x, y, {.batch_size = 4, .epochs = 30, .verbose = 0});
  const double after = model.evaluate(x, y, {.verbose = 0})["loss"];
  CHECK(after < 0.2 * before);
}

TEST_CASE("compile(optimizer = \"lamb\") trains with Lamb", "[optimizers][lamb]") {
  check_compile_by_name("lamb", "Lamb");
}
