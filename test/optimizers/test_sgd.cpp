#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/sgd.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

TEST_CASE("SGD has Keras 3's defaults", "[optimizers][sgd]") {
  SGD sgd;
  CHECK(sgd.name() == "SGD");
  CHECK(sgd.class_name() == "SGD");
  CHECK(sgd.learning_rate() == 0.01f);
  Json c = sgd.get_config();
  CHECK(c["learning_rate"].get<double>() == Approx(0.01));
  CHECK(c["momentum"].get<double>() == 0.0);
  CHECK(c["nesterov"] == false);
  CHECK(c["weight_decay"].is_null());
}

TEST_CASE("SGD steps follow w -= lr * g", "[optimizers][sgd]") {
  SECTION("default learning rate 0.01") {
    SGD sgd;
    check_trajectory(sgd, sgd_reference(0.01));
  }
  SECTION("learning rate 0.3") {
    SGD sgd({.learning_rate = 0.3});
    check_trajectory(sgd, sgd_reference(0.3), 5);
  }
}

TEST_CASE("SGD with momentum: m = momentum*m - lr*g, w += m", "[optimizers][sgd]") {
  SGD sgd({.learning_rate = 0.1, .momentum = 0.9});
  check_trajectory(sgd, sgd_reference(0.1, 0.9), 5);
  // variables(): iterations, learning_rate, one momentum per model variable.
  std::vector<Tensor> vars = sgd.variables();
  REQUIRE(vars.size() == 4);
  CHECK(vars[0].item() == 5.0);
  CHECK(vars[1].item() == Approx(0.1));
  CHECK(vars[2].shape() == Shape{2, 2});
  CHECK(vars[3].shape() == Shape{3});
  CHECK(sgd.count_params() == 2 + 4 + 3);
}

TEST_CASE("SGD with Nesterov momentum: w += momentum*m - lr*g", "[optimizers][sgd]") {
  SGD sgd({.learning_rate = 0.05, .momentum = 0.7, .nesterov = true});
  check_trajectory(sgd, sgd_reference(0.05, 0.7, true), 5);
  CHECK(sgd.get_config()["nesterov"] == true);
  CHECK(sgd.get_config()["momentum"].get<double>() == 0.7);
}

TEST_CASE("SGD without momentum keeps no slots", "[optimizers][sgd]") {
  SGD sgd;
  CHECK(sgd.variables().empty());  // not built yet
  CHECK(!sgd.built());
  TwoVariables vars;
  sgd.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  CHECK(sgd.built());
  REQUIRE(sgd.variables().size() == 2);
  CHECK(sgd.count_params() == 2);
}

TEST_CASE("SGD rejects momentum outside [0, 1]", "[optimizers][sgd][errors]") {
  REQUIRE_THROWS_AS(SGD({.momentum = -0.1}), ValueError);
  REQUIRE_THROWS_WITH(SGD({.momentum = 1.5}), Catch::Contains("momentum"));
}
