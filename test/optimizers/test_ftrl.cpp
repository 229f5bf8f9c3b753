#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"
#include "optimizers/ftrl.h"
#include "optimizers/optimizer.h"
#include "test/optimizers/compile_check.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

struct FtrlArgs {
  double lr = 0.001, power = -0.5, initial = 0.1, l1 = 0.0, l2 = 0.0, shrinkage = 0.0, beta = 0.0;
};

// McMahan et al.'s FTRL-Proximal as Keras 3 states it (keras/src/optimizers/ftrl.py): with
// sigma = (n'^-p - n^-p) / lr, z += g' - sigma w, and w = 0 when |z| <= l1, else
// (sign(z) l1 - z) / (n'^-p / lr + 2 (l2 + beta / (2 lr))). s.m is z; s.v is n minus its start.
ReferenceStep ftrl_reference(FtrlArgs a) {
  return [=](double& w, double g, ElementState& s, int) {
    const double n = a.initial + s.v, n_new = n + g * g;
    const double sigma = (std::pow(n_new, -a.power) - std::pow(n, -a.power)) / a.lr;
    s.m += g + 2.0 * a.shrinkage * w - sigma * w;
    const double quadratic = std::pow(n_new, -a.power) / a.lr + 2.0 * (a.l2 + a.beta / (2.0 * a.lr));
    w = std::abs(s.m) <= a.l1 ? 0.0 : ((s.m > 0.0 ? a.l1 : -a.l1) - s.m) / quadratic;
    s.v += g * g;
  };
}

}  // namespace

TEST_CASE("Ftrl has Keras 3's defaults", "[optimizers][ftrl]") {
  Ftrl opt;
  CHECK(opt.name() == "ftrl");
  CHECK(opt.learning_rate() == 0.001f);
  Json c = opt.get_config();
  CHECK(c["learning_rate_power"].get<double>() == -0.5);
  CHECK(c["initial_accumulator_value"].get<double>() == 0.1);
  CHECK(c["l1_regularization_strength"].get<double>() == 0.0);
  CHECK(c["l2_regularization_strength"].get<double>() == 0.0);
  CHECK(c["l2_shrinkage_regularization_strength"].get<double>() == 0.0);
  CHECK(c["beta"].get<double>() == 0.0);
}

TEST_CASE("Ftrl steps follow FTRL-Proximal", "[optimizers][ftrl]") {
  SECTION("defaults") {
    Ftrl opt;
    check_trajectory(opt, ftrl_reference({}), 6);
  }
  SECTION("l1 zeroes the weights whose |z| stays below it, l2 and beta widen the denominator") {
    // l1 = 0.6 sits inside the range of |z| here, so both branches of the proximal step run.
    FtrlArgs a{.lr = 0.5, .initial = 0.2, .l1 = 0.6, .l2 = 0.3, .beta = 0.4};
    Ftrl opt({.learning_rate = a.lr, .initial_accumulator_value = a.initial, .l1_regularization_strength = a.l1,
              .l2_regularization_strength = a.l2, .beta = a.beta});
    check_trajectory(opt, ftrl_reference(a), 6);
  }
  SECTION("l2 shrinkage adds 2 s w to the gradient in z but not in the accumulator") {
    FtrlArgs a{.lr = 0.2, .initial = 0.0, .l2 = 0.1, .shrinkage = 0.25};
    Ftrl opt({.learning_rate = a.lr, .initial_accumulator_value = a.initial, .l2_regularization_strength = a.l2,
              .l2_shrinkage_regularization_strength = a.shrinkage});
    check_trajectory(opt, ftrl_reference(a), 6);
  }
  SECTION("learning_rate_power 0 keeps the step size fixed; -1 decays it faster") {
    for (double power : {0.0, -1.0}) {
      INFO("learning_rate_power " << power);
      FtrlArgs a{.lr = 0.05, .power = power, .initial = 0.5};
      Ftrl opt({.learning_rate = a.lr, .learning_rate_power = power, .initial_accumulator_value = a.initial});
      check_trajectory(opt, ftrl_reference(a), 5);
    }
  }
}

TEST_CASE("Ftrl's variables: accumulator (from initial_accumulator_value) and linear per weight",
          "[optimizers][ftrl]") {
  TwoVariables vars;
  Ftrl opt({.initial_accumulator_value = 0.25});
  opt.build_for(vars.list());
  std::vector<std::string> names = opt.variable_names();
  REQUIRE(names.size() == 6);
  CHECK(names[2] == "dense_kernel_accumulator");
  CHECK(names[3] == "dense_kernel_linear");
  CHECK(names[4] == "dense_bias_accumulator");
  CHECK(names[5] == "dense_bias_linear");
  std::vector<Tensor> state = opt.variables();
  check_close(state[2], std::vector<double>(4, 0.25));
  check_close(state[3], std::vector<double>(4, 0.0));
  check_close(state[4], std::vector<double>(3, 0.25));
}

TEST_CASE("Ftrl refuses arguments Keras refuses, with Keras' messages", "[optimizers][ftrl]") {
  REQUIRE_THROWS_WITH(Ftrl({.initial_accumulator_value = -0.1}),
                      "`initial_accumulator_value` needs to be positive or zero. "
                      "Received: initial_accumulator_value=-0.1.");
  REQUIRE_THROWS_WITH(Ftrl({.learning_rate_power = 0.5}),
                      "`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=0.5.");
  REQUIRE_THROWS_WITH(Ftrl({.l1_regularization_strength = -1.0}),
                      "`l1_regularization_strength` needs to be positive or zero. "
                      "Received: l1_regularization_strength=-1.0.");
  REQUIRE_THROWS_AS(Ftrl({.l2_regularization_strength = -1e-3}), ValueError);
  REQUIRE_THROWS_WITH(Ftrl({.l2_shrinkage_regularization_strength = -2.0}),
                      Catch::Contains("`l2_shrinkage_regularization_strength` needs to be positive or zero"));
  REQUIRE_THROWS_AS(Ftrl({.l1_regularization_strength = std::nan("")}), ValueError);
  // From a config too, naming the field.
  REQUIRE_THROWS_WITH(deserialize({{"class_name", "Ftrl"}, {"config", {{"learning_rate_power", 1.0}}}}),
                      Catch::Contains("learning_rate_power=1.0"));
  // Zero is allowed everywhere Keras allows it.
  REQUIRE_NOTHROW(Ftrl({.learning_rate_power = 0.0, .initial_accumulator_value = 0.0}));
}

TEST_CASE("Ftrl config round-trips through deserialize", "[optimizers][ftrl][config]") {
  Ftrl opt({.learning_rate = 0.02, .learning_rate_power = -0.25, .initial_accumulator_value = 0.3,
            .l1_regularization_strength = 0.01, .l2_regularization_strength = 0.02,
            .l2_shrinkage_regularization_strength = 0.03, .beta = 0.5, .clipnorm = 1.0, .name = "my_ftrl"});
  Json config = serialize(opt);
  CHECK(config["class_name"] == "Ftrl");
  CHECK(config["config"]["l2_shrinkage_regularization_strength"].get<double>() == 0.03);
  auto back = deserialize(config);
  CHECK(back->class_name() == "Ftrl");
  CHECK(back->name() == "my_ftrl");
  CHECK(back->get_config() == opt.get_config());
  // A config written by Keras omits nothing, but missing fields take Keras' defaults.
  CHECK(deserialize({{"class_name", "Ftrl"}, {"config", Json::object()}})->get_config() == Ftrl().get_config());
}

TEST_CASE("fit() with Ftrl lowers the loss", "[optimizers][ftrl]") {
  backend::clear_session();
  utils::set_random_seed(3);
  Sequential model{Input({3}), layers::Dense(1)};
  model.compile({.optimizer = Ftrl({.learning_rate = 0.5}), .loss = "mse"});
  Tensor x = tensor({1.0f, 0.0f, 2.0f, -1.0f, 1.0f, 0.5f, 0.0f, -2.0f, 1.0f, 2.0f, 1.0f, -1.0f}, {4, 3});
  Tensor y = tensor({2.0f, -2.5f, 4.5f, -0.5f}, {4, 1});
  const double before = model.evaluate(x, y, {.verbose = 0})["loss"];
  model.fit(x, y, {.batch_size = 4, .epochs = 30, .verbose = 0});
  const double after = model.evaluate(x, y, {.verbose = 0})["loss"];
  CHECK(after < 0.2 * before);
}

TEST_CASE("compile(optimizer = \"ftrl\") trains with Ftrl", "[optimizers][ftrl]") {
  check_compile_by_name("ftrl", "Ftrl");
}
