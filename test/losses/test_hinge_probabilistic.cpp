// Hinge, SquaredHinge, CategoricalHinge, KLDivergence and Poisson against values worked out by
// hand from Keras' formulas; config round trips and compile-by-name for every loss of issue 6.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "losses/losses.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::losses;
using namespace keras::testing;

TEST_CASE("hinge and squared_hinge convert 0/1 labels to -1/1", "[losses][hinge]") {
  Tensor p = tensor({0.3f, 0.4f, -0.5f, -2}, {2, 2});
  // Labels -1, 1, 1, -1: margins 1.3, 0.6, 1.5 and max(1 - 2, 0) = 0.
  for (Tensor y : {tensor({0, 1, 1, 0}, {2, 2}), tensor({-1, 1, 1, -1}, {2, 2})}) {
    check_close(hinge(y, p), {0.95, 0.75});
    check_close(squared_hinge(y, p), {(1.69 + 0.36) / 2, 2.25 / 2});
  }
  // Integer 0/1 targets too.
  check_close(hinge(Tensor::from_vector<std::int32_t>({0, 1, 1, 0}, {2, 2}), p), {0.95, 0.75});
  // Not all 0/1 (a -1 is present): the 0 stays 0, margin 1.
  check_close(hinge(tensor({-1, 1, 0, 1}, {2, 2}), p), {0.95, 2.0});
  Hinge h;
  SquaredHinge sh;
  CHECK(h.name() == "hinge");
  CHECK(sh.name() == "squared_hinge");
  CHECK(h(tensor({0, 1, 1, 0}, {2, 2}), p).item() == Approx(0.85));
  // Sample weights 2 and 0: (2 * 0.95 + 0) / 2.
  CHECK(h(tensor({0, 1, 1, 0}, {2, 2}), p, tensor({2, 0}, {2})).item() == Approx(0.95));
  CHECK(sh(tensor({0, 1, 1, 0}, {2, 2}), p).item() == Approx((1.025 + 1.125) / 2));
}

TEST_CASE("categorical_hinge is max(best wrong score - true score + 1, 0)", "[losses][hinge]") {
  Tensor y = tensor({0, 1, 0, 1, 0, 0, 0, 0, 1}, {3, 3});
  Tensor p = tensor({0.2f, 0.5f, 0.3f, 0.1f, 0.7f, 0.2f, -1, -1, 3}, {3, 3});
  // Row 0: 0.3 - 0.5 + 1; row 1: 0.7 - 0.1 + 1; row 2: max(0 - 3 + 1, 0).
  check_close(categorical_hinge(y, p), {0.8, 1.6, 0.0});
  CategoricalHinge loss;
  CHECK(loss.name() == "categorical_hinge");
  CHECK(loss(y, p).item() == Approx(0.8));
}

TEST_CASE("kl_divergence clips both distributions to [epsilon, 1]", "[losses][probabilistic]") {
  Tensor y = tensor({0.2f, 0.8f, 0.5f, 0.5f}, {2, 2}), p = tensor({0.4f, 0.6f, 0.9f, 0.1f}, {2, 2});
  std::vector<double> want = {0.2 * std::log(0.5) + 0.8 * std::log(0.8 / 0.6),
                              0.5 * std::log(0.5 / 0.9) + 0.5 * std::log(5.0)};
  check_close(kl_divergence(y, p), want);
  KLDivergence loss;
  CHECK(loss.name() == "kl_divergence");
  CHECK(loss(y, p).item() == Approx((want[0] + want[1]) / 2).epsilon(1e-5));
  // A zero target adds eps * log(eps / p) ~ 0; a zero prediction is clipped to eps.
  check_close(kl_divergence(tensor({0, 1}, {1, 2}), tensor({0.5f, 0}, {1, 2})),
              {1e-7 * std::log(1e-7 / 0.5) + std::log(1e7)}, 1e-4);
}

TEST_CASE("poisson is mean(p - t * log(p + epsilon))", "[losses][probabilistic]") {
  Tensor y = tensor({1, 2, 0, 3}, {2, 2}), p = tensor({0.5f, 2, 1, 4}, {2, 2});
  std::vector<double> want = {(0.5 - std::log(0.5) + 2 - 2 * std::log(2.0)) / 2, (1 + 4 - 3 * std::log(4.0)) / 2};
  check_close(poisson(y, p), want);
  Poisson loss;
  CHECK(loss.name() == "poisson");
  CHECK(loss(y, p).item() == Approx((want[0] + want[1]) / 2).epsilon(1e-5));
  // A zero rate is finite: -t * log(eps).
  check_close(poisson(tensor({1}, {1, 1}), tensor({0}, {1, 1})), {-std::log(1e-7)}, 1e-4);
}

TEST_CASE("hinge and probabilistic losses reject mismatched shapes", "[losses][errors]") {
  Tensor a = Tensor::zeros({2, 3}), b = Tensor::zeros({2, 4});
  REQUIRE_THROWS_WITH(hinge(a, b), Catch::Contains("hinge") && Catch::Contains("(2, 3)"));
  REQUIRE_THROWS_AS(squared_hinge(a, b), ShapeError);
  REQUIRE_THROWS_AS(categorical_hinge(a, b), ShapeError);
  REQUIRE_THROWS_WITH(kl_divergence(a, b), Catch::Contains("kl_divergence"));
  REQUIRE_THROWS_AS(poisson(a, b), ShapeError);
}

TEST_CASE("hinge and probabilistic losses have correct gradients", "[losses][gradients]") {
  // Margins stay away from 0, distinct wrong-class scores, probabilities inside (eps, 1).
  Tensor labels = tensor({0, 1, 1, 0, 1, 1, 0, 0}, {4, 2});
  Tensor scores = tensor({0.3f, 0.4f, -0.5f, -2.0f, 1.5f, 0.2f, -0.3f, 0.6f}, {4, 2});
  Tensor w = tensor({1.0f, 0.5f, 2.0f, 0.0f}, {4});
  auto check = [&](const Loss& loss, const Tensor& y, const Tensor& p, bool weighted) {
    check_gradients([&](const std::vector<Tensor>& in) { return weighted ? loss(y, in[0], w) : loss(y, in[0]); },
                    {p.clone()});
  };
  SECTION("hinge") { check(Hinge({.reduction = "none"}), labels, scores, false); }
  SECTION("squared_hinge") { check(SquaredHinge(), labels, scores, true); }
  SECTION("categorical_hinge") {
    Tensor y = tensor({0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, {4, 3});
    Tensor p = tensor({0.2f, 0.5f, 0.35f, 0.1f, 0.7f, 0.2f, 0.4f, 0.9f, 0.6f, 1.2f, 0.3f, -0.5f}, {4, 3});
    check(CategoricalHinge({.reduction = "none"}), y, p, false);
  }
  SECTION("kl_divergence") {
    Tensor y = tensor({0.2f, 0.8f, 0.5f, 0.5f, 0.1f, 0.9f, 0.7f, 0.3f}, {4, 2});
    Tensor p = tensor({0.4f, 0.6f, 0.8f, 0.3f, 0.5f, 0.5f, 0.25f, 0.7f}, {4, 2});
    check(KLDivergence(), y, p, true);
  }
  SECTION("poisson") {
    Tensor y = tensor({1, 2, 0, 3, 1, 0, 2, 5}, {4, 2});
    Tensor p = tensor({0.5f, 2, 1, 4, 0.8f, 0.3f, 1.5f, 3}, {4, 2});
    check(Poisson({.reduction = "sum"}), y, p, false);
  }
}

namespace {

// Every loss added for issue 6, by its Keras class name and function-name aliases.
const std::vector<std::pair<std::string, std::vector<std::string>>> kNewLosses = {
    {"Hinge", {"hinge"}},
    {"SquaredHinge", {"squared_hinge"}},
    {"CategoricalHinge", {"categorical_hinge"}},
    {"KLDivergence", {"kl_divergence", "kld", "KLD"}},
    {"Poisson", {"poisson"}},
    {"LogCosh", {"log_cosh", "logcosh"}},
    {"CosineSimilarity", {"cosine_similarity"}},
    {"MeanAbsolutePercentageError", {"mean_absolute_percentage_error", "mape", "MAPE"}},
    {"MeanSquaredLogarithmicError", {"mean_squared_logarithmic_error", "msle", "MSLE"}},
};

}  // namespace

TEST_CASE("the new losses resolve by name and round-trip their configs", "[losses][registry][config]") {
  for (const auto& [cls, aliases] : kNewLosses) {
    CAPTURE(cls);
    auto by_class = get(cls);
    CHECK(by_class->class_name() == cls);
    CHECK(by_class->name() == aliases[0]);  // the class's default name is the function name
    for (const std::string& alias : aliases) {
      CHECK(get(alias)->class_name() == cls);
      CHECK(get(alias)->name() == alias);
    }
    Json config = {{"class_name", cls}, {"config", {{"name", "custom"}, {"reduction", "sum"}}}};
    auto loss = deserialize(config);
    Json s = serialize(*loss);
    auto back = deserialize(Json::parse(s.dump()));
    CHECK(back->class_name() == cls);
    CHECK(back->name() == "custom");
    CHECK(back->reduction() == "sum");
    CHECK(back->get_config() == loss->get_config());
  }
  auto cos = deserialize(Json::parse(R"({"class_name": "CosineSimilarity", "config": {"axis": 0}})"));
  CHECK(serialize(*cos)["config"]["axis"].get<int>() == 0);
  CHECK(deserialize(serialize(*cos))->get_config()["axis"].get<int>() == 0);
  REQUIRE_THROWS_AS(deserialize(Json::parse(R"({"class_name": "Hinge", "config": {"reduction": "avg"}})")),
                    ValueError);
}

TEST_CASE("compile accepts the new losses by name", "[losses][registry][model]") {
  // Softmax outputs lie in (0, 1), valid input for every one of these losses.
  Tensor x = tensor({0.5f, -1, 2, 0.3f, -0.7f, 1.1f, 0, 1}, {4, 2});
  Tensor y = tensor({0.2f, 0.8f, 1, 0, 0.6f, 0.4f, 0, 1}, {4, 2});
  for (const auto& [cls, aliases] : kNewLosses) {
    for (const std::string& name : {cls, aliases.back()}) {
      CAPTURE(name);
      Sequential model{Input({2}), Dense(2, Dense::Options{.activation = "softmax"})};
      model.compile({.optimizer = "sgd", .loss = name});
      Tensor pred = model.predict(x, {.verbose = 0});
      double expected = (*get(name))(y, pred).item();
      CHECK(model.evaluate(x, y, {.verbose = 0}).loss() == Approx(expected).epsilon(1e-5));
      auto history = model.fit(x, y, {.epochs = 2, .verbose = 0});
      CHECK(std::isfinite(history.history.at("loss")[1]));
    }
  }
}
