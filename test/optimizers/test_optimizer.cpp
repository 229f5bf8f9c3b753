#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "test/optimizers/trajectory.h"

using namespace keras;
using namespace keras::optimizers;
using namespace keras::testing;

namespace {

// One SGD step with learning rate 1 moves the weights by exactly the (clipped) gradient.
std::vector<std::vector<double>> step_of_sgd(const SGD::Options& options, const std::vector<Tensor>& grads) {
  SGD sgd(options);
  TwoVariables vars;
  sgd.apply_gradients(grads, vars.list());
  std::vector<double> w0 = vars.initial(), k = vars.kernel.value().to_vector<double>(),
                      b = vars.bias.value().to_vector<double>();
  std::vector<double> dk, db;
  for (int i = 0; i < 4; ++i) dk.push_back(w0[i] - k[i]);
  for (int i = 0; i < 3; ++i) db.push_back(w0[4 + i] - b[i]);
  return {dk, db};
}

void check_vec(const std::vector<double>& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    INFO("element " << i);
    CHECK(actual[i] == Approx(expected[i]).margin(1e-6));
  }
}

const std::vector<Tensor> kGrads = {tensor({3, -4, 0, 0}, {2, 2}), tensor({0.3f, 0.4f, 0}, {3})};  // norms 5, 0.5

}  // namespace

TEST_CASE("clipvalue clips each gradient element", "[optimizers][clipping]") {
  auto d = step_of_sgd({.learning_rate = 1.0, .clipvalue = 1.0}, kGrads);
  check_vec(d[0], {1, -1, 0, 0});
  check_vec(d[1], {0.3, 0.4, 0});
}

TEST_CASE("clipnorm scales each gradient to norm <= clipnorm on its own", "[optimizers][clipping]") {
  auto d = step_of_sgd({.learning_rate = 1.0, .clipnorm = 1.0}, kGrads);
  check_vec(d[0], {0.6, -0.8, 0, 0});  // norm 5 -> 1
  check_vec(d[1], {0.3, 0.4, 0});      // norm 0.5 is left alone
}

TEST_CASE("global_clipnorm scales all gradients by clip / global norm", "[optimizers][clipping]") {
  // Global norm sqrt(25 + 0.25); clipped to 2.
  double scale = 2.0 / std::sqrt(25.25);
  auto d = step_of_sgd({.learning_rate = 1.0, .global_clipnorm = 2.0}, kGrads);
  check_vec(d[0], {3 * scale, -4 * scale, 0, 0});
  check_vec(d[1], {0.3 * scale, 0.4 * scale, 0});
  // Below the threshold nothing changes.
  auto e = step_of_sgd({.learning_rate = 1.0, .global_clipnorm = 10.0}, kGrads);
  check_vec(e[0], {3, -4, 0, 0});
  check_vec(e[1], {0.3, 0.4, 0});
}

TEST_CASE("only one clipping option may be set", "[optimizers][clipping][errors]") {
  REQUIRE_THROWS_AS(SGD({.clipnorm = 1.0, .clipvalue = 1.0}), ValueError);
  REQUIRE_THROWS_WITH(Adam({.clipnorm = 1.0, .global_clipnorm = 1.0}),
                      Catch::Contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"));
  REQUIRE_THROWS_AS(RMSprop({.clipvalue = 1.0, .global_clipnorm = 1.0}), ValueError);
  REQUIRE_THROWS_AS(AdamW({.clipnorm = 1.0, .clipvalue = 2.0}), ValueError);
  REQUIRE_THROWS_WITH(SGD({.learning_rate = -0.1}), Catch::Contains("learning_rate"));
}

TEST_CASE("weight_decay is w -= w * weight_decay * lr for any optimizer", "[optimizers][weight_decay]") {
  // SGD lr 0.5, wd 0.1: w <- w - 0.05 w - 0.5 g.
  auto d = step_of_sgd({.learning_rate = 0.5, .weight_decay = 0.1}, kGrads);
  std::vector<double> w0 = TwoVariables().initial(), g = {3, -4, 0, 0, 0.3, 0.4, 0};
  for (int i = 0; i < 4; ++i) CHECK(d[0][i] == Approx(0.05 * w0[i] + 0.5 * g[i]).margin(1e-6));
  for (int i = 0; i < 3; ++i) CHECK(d[1][i] == Approx(0.05 * w0[4 + i] + 0.5 * g[4 + i]).margin(1e-6));
}

TEST_CASE("iterations, learning rate changes and undefined gradients", "[optimizers]") {
  SGD sgd({.learning_rate = 1.0, .weight_decay = 0.5});
  TwoVariables vars;
  CHECK(sgd.iterations() == 0);
  // An undefined gradient skips its variable entirely (no update, no weight decay).
  sgd.apply_gradients({Tensor(), tensor({1, 1, 1}, {3})}, vars.list());
  CHECK(sgd.iterations() == 1);
  check_close(vars.kernel.value(), {0.5, -1.0, 1.5, -0.25});
  check_close(vars.bias.value(), {2.0 - 1.0 - 1.0, 0.0 - 1.0, -0.75 + 0.375 - 1.0});
  sgd.set_learning_rate(0.1);
  CHECK(sgd.learning_rate() == 0.1f);
  sgd.apply_gradients({tensor({1, 1, 1, 1}, {2, 2}), Tensor()}, vars.list());
  CHECK(sgd.iterations() == 2);
  check_close(vars.kernel.value(), {0.5 * 0.95 - 0.1, -1.0 * 0.95 - 0.1, 1.5 * 0.95 - 0.1, -0.25 * 0.95 - 0.1});
  check_close(vars.bias.value(), {0.0, -1.0, -1.375});
  CHECK(sgd.variables()[0].item() == 2.0);
  CHECK(sgd.variables()[1].item() == Approx(0.1));
}

TEST_CASE("apply_gradients rejects mismatched gradients and variable lists", "[optimizers][errors]") {
  Adam adam;
  TwoVariables vars;
  REQUIRE_THROWS_AS(adam.apply_gradients({Tensor::zeros({4}), Tensor::zeros({3})}, vars.list()), ShapeError);
  REQUIRE_THROWS_WITH(adam.apply_gradients({Tensor::zeros({2, 2}), Tensor::zeros({4})}, vars.list()),
                      Catch::Contains("dense/bias") && Catch::Contains("(4,)") && Catch::Contains("(3,)"));
  REQUIRE_THROWS_WITH(adam.apply_gradients({Tensor::zeros({2, 2})}, vars.list()),
                      Catch::Contains("1 gradients for 2 variables"));
  adam.apply_gradients(gradients_at(0, wavy_gradient), vars.list());
  TwoVariables others;
  REQUIRE_THROWS_WITH(adam.apply_gradients(gradients_at(1, wavy_gradient), others.list()),
                      Catch::Contains("different list of variables"));
}

TEST_CASE("optimizers::get is case-insensitive and lists the known names", "[optimizers][registry]") {
  CHECK(get("adam")->class_name() == "Adam");
  CHECK(get("ADAM")->class_name() == "Adam");
  CHECK(get("sgd")->class_name() == "SGD");
  CHECK(get("sgd")->learning_rate() == 0.01f);
  CHECK(get("rmsprop")->class_name() == "RMSprop");
  CHECK(get("adamw")->class_name() == "AdamW");
  CHECK(get("AdamW")->get_config()["weight_decay"].get<double>() == 0.004);
  REQUIRE_THROWS_AS(get("adamax2"), ValueError);
  REQUIRE_THROWS_WITH(get("adamax2"), Catch::Contains("Unknown optimizer 'adamax2'") && Catch::Contains("Adam") &&
                                          Catch::Contains("RMSprop") && Catch::Contains("SGD"));
  CHECK(names().size() == 11);
  for (const char* name : {"adagrad", "ADADELTA", "Adamax", "nadam", "lion", "ftrl", "Lamb"})
    CHECK(get(name)->built() == false);

  CHECK(OptimizerArg("rmsprop").get()->class_name() == "RMSprop");
  CHECK(OptimizerArg(SGD({.learning_rate = 0.2})).get()->learning_rate() == 0.2f);
  auto adam = std::make_shared<Adam>();
  CHECK(OptimizerArg(adam).get() == adam);
}

TEST_CASE("optimizers::deserialize reads Keras 2 and Keras 3 configs", "[optimizers][config]") {
  auto adam = deserialize(Json::parse(R"({"class_name": "Custom>Adam",
      "config": {"name": "Adam", "lr": 0.005, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6, "amsgrad": false}})"));
  CHECK(adam->class_name() == "Adam");
  CHECK(adam->name() == "Adam");
  CHECK(adam->learning_rate() == 0.005f);
  CHECK(adam->get_config()["beta_1"].get<double>() == 0.8);
  auto sgd = deserialize(Json::parse(R"({"module": "keras.optimizers", "class_name": "SGD", "config": {
      "name": "SGD", "learning_rate": 0.1, "weight_decay": null, "clipnorm": null, "global_clipnorm": null,
      "clipvalue": 0.5, "use_ema": false, "momentum": 0.9, "nesterov": true}, "registered_name": null})"));
  CHECK(sgd->learning_rate() == 0.1f);
  CHECK(sgd->get_config()["nesterov"] == true);
  CHECK(sgd->get_config()["clipvalue"].get<double>() == 0.5);
  CHECK(deserialize(Json("rmsprop"))->class_name() == "RMSprop");
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"config": {}})")), Catch::Contains("class_name"));

  std::vector<std::shared_ptr<Optimizer>> all = {
      std::make_shared<SGD>(SGD::Options{.learning_rate = 0.2, .momentum = 0.5, .clipnorm = 1.0}),
      std::make_shared<Adam>(Adam::Options{.beta_2 = 0.99, .amsgrad = true, .name = "a"}),
      std::make_shared<AdamW>(AdamW::Options{.weight_decay = 0.01, .global_clipnorm = 3.0}),
      std::make_shared<RMSprop>(RMSprop::Options{.momentum = 0.3, .centered = true, .weight_decay = 0.1}),
  };
  for (const auto& opt : all) {
    INFO(opt->class_name());
    Json s = serialize(*opt);
    CHECK(s["module"] == "keras.optimizers");
    CHECK(s["class_name"] == opt->class_name());
    auto back = deserialize(Json::parse(s.dump()));
    CHECK(back->class_name() == opt->class_name());
    CHECK(back->get_config() == opt->get_config());
  }
}
