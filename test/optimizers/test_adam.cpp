#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "optimizers/adam.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// Large, then much smaller gradients, so that v decreases and amsgrad's max(v_hat, v) matters.
float shrinking_gradient(int k, int i) { return wavy_gradient(0, i) / static_cast<float>((k + 1) * (k + 1) * 4 - 3); }

}  // namespace

TEST_CASE("Adam and AdamW have Keras 3's defaults", "[optimizers][adam]") {
  Adam adam;
  CHECK(adam.name() == "adam");
  CHECK(adam.learning_rate() == 0.001f);
  Json c = adam.get_config();
  CHECK(c["beta_1"].get<double>() == 0.9);
  CHECK(c["beta_2"].get<double>() == 0.999);
  CHECK(c["epsilon"].get<double>() == 1e-7);
  CHECK(c["amsgrad"] == false);
  CHECK(c["weight_decay"].is_null());
  for (const char* key : {"name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema",
                          "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                          "gradient_accumulation_steps"}) {
    INFO(key);
    CHECK(c.contains(key));
  }

  AdamW adamw;
  CHECK(adamw.name() == "adamw");
  CHECK(adamw.class_name() == "AdamW");
  CHECK(adamw.learning_rate() == 0.001f);
  CHECK(adamw.get_config()["weight_decay"].get<double>() == 0.004);
  CHECK(adamw.get_config()["epsilon"].get<double>() == 1e-7);
}

TEST_CASE("Adam steps follow Keras' bias-corrected formula with t = iterations + 1", "[optimizers][adam]") {
  SECTION("defaults") {
    Adam adam;
    check_trajectory(adam, adam_reference(0.001), 5);
  }
  SECTION("custom betas and an epsilon large enough to show it sits outside the root") {
    Adam adam({.learning_rate = 0.05, .beta_1 = 0.8, .beta_2 = 0.95, .epsilon = 0.01});
    check_trajectory(adam, adam_reference(0.05, 0.8, 0.95, 0.01), 5);
  }
  SECTION("amsgrad uses the running maximum of v") {
    Adam adam({.learning_rate = 0.1, .beta_2 = 0.5, .amsgrad = true});
    check_trajectory(adam, adam_reference(0.1, 0.9, 0.5, 1e-7, true), 4, shrinking_gradient);
  }
  SECTION("the amsgrad case differs from plain Adam (so the check above can fail)") {
    TwoVariables with, without;
    Adam a({.learning_rate = 0.1, .beta_2 = 0.5, .amsgrad = true}), b({.learning_rate = 0.1, .beta_2 = 0.5});
    for (int k = 0; k < 4; ++k) {
      a.apply_gradients(gradients_at(k, shrinking_gradient), with.list());
      b.apply_gradients(gradients_at(k, shrinking_gradient), without.list());
    }
    CHECK(std::fabs(with.kernel.value().to_vector<double>()[0] - without.kernel.value().to_vector<double>()[0]) > 1e-3);
  }
}

TEST_CASE("AdamW decays weights by w * weight_decay * lr before the Adam update", "[optimizers][adam]") {
  SECTION("defaults (weight_decay 0.004)") {
    AdamW adamw;
    check_trajectory(adamw, adam_reference(0.001, 0.9, 0.999, 1e-7, false, 0.004), 5);
  }
  SECTION("large learning rate and decay, where the order of decay and update shows") {
    AdamW adamw({.learning_rate = 0.1, .weight_decay = 0.2, .beta_1 = 0.5});
    // Keras rounds (1 - beta_2) from double but takes beta_2^t in float32; with lr 0.1 that
    // mismatch moves weights ~1e-5 (relative) away from the exact formula, and libkeras follows Keras.
    check_trajectory(adamw, adam_reference(0.1, 0.5, 0.999, 1e-7, false, 0.2), 5, wavy_gradient, 2e-5);
  }
  SECTION("Adam with the common weight_decay option decays the same way") {
    Adam adam({.learning_rate = 0.1, .weight_decay = 0.2});
    check_trajectory(adam, adam_reference(0.1, 0.9, 0.999, 1e-7, false, 0.2), 3, wavy_gradient, 2e-5);
  }
}

TEST_CASE("Adam's variables are iterations, learning_rate, then m and v interleaved per variable",
          "[optimizers][adam]") {
  Adam adam({.learning_rate = 0.01, .amsgrad = true});
  TwoVariables vars;
  std::vector<Tensor> g = gradients_at(0, wavy_gradient);
  adam.apply_gradients(g, vars.list());
  std::vector<Tensor> v = adam.variables();
  REQUIRE(v.size() == 8);
  CHECK(v[0].dtype() == int64);
  CHECK(v[0].item() == 1.0);
  CHECK(v[1].item() == Approx(0.01));
  // After one step m = (1 - beta_1) g, v = (1 - beta_2) g^2, v_hat = v.
  auto scaled = [](const Tensor& t, double factor, bool square) {
    std::vector<double> out = t.to_vector<double>();
    for (double& x : out) x = factor * (square ? x * x : x);
    return out;
  };
  check_close(v[2], scaled(g[0], 0.1, false), 1e-7, 1e-5);   // m of kernel
  check_close(v[3], scaled(g[0], 0.001, true), 1e-9, 1e-4);  // v of kernel
  check_close(v[4], scaled(g[1], 0.1, false), 1e-7, 1e-5);   // m of bias
  check_close(v[5], scaled(g[1], 0.001, true), 1e-9, 1e-4);  // v of bias
  check_close(v[6], scaled(g[0], 0.001, true), 1e-9, 1e-4);  // v_hat of kernel
  check_close(v[7], scaled(g[1], 0.001, true), 1e-9, 1e-4);  // v_hat of bias
  CHECK(adam.count_params() == 2 + 3 * (4 + 3));
  CHECK(adam.memory_bytes() == Approx(8 + 4 + 3 * 7 * 4));

  Adam plain;
  plain.apply_gradients(g, vars.list());
  CHECK(plain.variables().size() == 6);
  CHECK(plain.count_params() == 2 + 2 * (4 + 3));
}

TEST_CASE("Adam and AdamW configs round-trip", "[optimizers][adam][config]") {
  Adam adam({.learning_rate = 0.02, .beta_1 = 0.85, .epsilon = 1e-5, .amsgrad = true, .clipnorm = 2.0, .name = "opt"});
  Json c = adam.get_config();
  CHECK(c["name"] == "opt");
  CHECK(c["clipnorm"].get<double>() == 2.0);
  CHECK(c["amsgrad"] == true);
  auto back = Adam::from_config(c);
  CHECK(back->get_config() == c);

  AdamW adamw({.learning_rate = 0.003, .weight_decay = 0.01, .global_clipnorm = 1.0});
  auto w = AdamW::from_config(adamw.get_config());
  CHECK(w->class_name() == "AdamW");
  CHECK(w->get_config() == adamw.get_config());
  CHECK(w->get_config()["weight_decay"].get<double>() == 0.01);
}
