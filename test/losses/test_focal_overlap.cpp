// BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Dice and Tversky. Expected values are
// either written as the formula by hand or were computed with a float64 numpy transcription of
// Keras' formulas (keras/src/losses/losses.py), which reproduces the numbers in Keras' own
// docstrings (those docstring numbers are checked here too).

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

TEST_CASE("binary_focal_crossentropy matches Keras' formula and docstring", "[losses][focal]") {
  // Keras' BinaryFocalCrossentropy docstring, example 2 (logits).
  Tensor y = tensor({0, 1, 0, 0}, {2, 2}), logits = tensor({-18.6f, 0.51f, 2.94f, -12.8f}, {2, 2});
  BinaryFocalCrossentropy gamma3({.gamma = 3, .from_logits = true});
  CHECK(gamma3.name() == "binary_focal_crossentropy");
  CHECK(gamma3(y, logits).item() == Approx(0.6469950).epsilon(1e-5));
  CHECK(BinaryFocalCrossentropy({.apply_class_balancing = true, .gamma = 3, .from_logits = true})(y, logits).item() ==
        Approx(0.4821412).epsilon(1e-5));
  CHECK(gamma3(y, logits, tensor({0.8f, 0.2f}, {2})).item() == Approx(0.1331250).epsilon(1e-5));
  CHECK(BinaryFocalCrossentropy({.gamma = 4, .from_logits = true, .reduction = "sum"})(y, logits).item() ==
        Approx(1.2218806).epsilon(1e-5));
  check_close(BinaryFocalCrossentropy({.gamma = 5, .from_logits = true, .reduction = "none"})(y, logits),
              {0.0017483725, 1.1561025134}, 1e-6, 1e-5);
  check_close(BinaryFocalCrossentropy(
                  {.apply_class_balancing = true, .gamma = 5, .from_logits = true, .reduction = "none"})(y, logits),
              {4.3709311658e-04, 8.6707688503e-01}, 1e-6, 1e-5);

  // Probabilities, by hand: p_t = 0.8, 0.7, 0.4 in row 0; 0.9, 0.7, 0.95 in row 1.
  Tensor t = tensor({0, 1, 1, 1, 0, 0}, {2, 3}), p = tensor({0.2f, 0.7f, 0.4f, 0.9f, 0.3f, 0.05f}, {2, 3});
  auto term = [](double pt) { return (1 - pt) * (1 - pt) * -std::log(pt); };
  check_close(binary_focal_crossentropy(t, p),
              {(term(0.8) + term(0.7) + term(0.4)) / 3, (term(0.9) + term(0.7) + term(0.95)) / 3});
  // Class balancing, gamma 1.5 and label smoothing 0.1 (numpy).
  check_close(binary_focal_crossentropy(t, p, true, 0.4, 1.5, false, 0.1), {0.071711724, 0.016889954});
  // The mean runs over `axis`.
  check_close(binary_focal_crossentropy(t, p, false, 0.25, 2.0, false, 0.0, 0),
              {(term(0.8) + term(0.9)) / 2, (term(0.7) + term(0.7)) / 2, (term(0.4) + term(0.95)) / 2});
  // gamma 0 is the binary cross-entropy.
  check_close(binary_focal_crossentropy(t, p, false, 0.25, 0.0), binary_crossentropy(t, p));
  // (batch,) targets against (batch, 1) predictions are aligned, as for binary_crossentropy.
  check_close(binary_focal_crossentropy(tensor({1, 0}, {2}), tensor({0.7f, 0.3f}, {2, 1})), {term(0.7), term(0.7)});
}

TEST_CASE("categorical_focal_crossentropy matches Keras' formula and docstring", "[losses][focal]") {
  // Keras' CategoricalFocalCrossentropy docstring.
  Tensor y = tensor({0, 1, 0, 0, 0, 1}, {2, 3}), p = tensor({0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, {2, 3});
  CategoricalFocalCrossentropy cfce;
  CHECK(cfce.name() == "categorical_focal_crossentropy");
  CHECK(cfce(y, p).item() == Approx(0.23315276).epsilon(1e-5));
  CHECK(cfce(y, p, tensor({0.3f, 0.7f}, {2})).item() == Approx(0.1632005).epsilon(1e-5));
  check_close(CategoricalFocalCrossentropy({.reduction = "none"})(y, p), {3.2058309e-05, 4.6627348e-01}, 1e-7, 1e-5);

  // By hand: alpha (1 - p)^2 * -log(p) of the true class.
  Tensor t = tensor({0, 1, 0, 1, 0, 0}, {2, 3}), q = tensor({0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f}, {2, 3});
  check_close(categorical_focal_crossentropy(t, q),
              {0.25 * 0.25 * -std::log(0.5), 0.25 * 0.16 * -std::log(0.6)});
  // Rows are renormalised to sum to 1 first: (1, 1, 2) is (0.25, 0.25, 0.5).
  check_close(categorical_focal_crossentropy(tensor({0, 0, 1}, {1, 3}), tensor({1, 1, 2}, {1, 3})),
              {0.25 * 0.25 * -std::log(0.5)});
  // Logits, a per-class alpha, gamma 1 and label smoothing 0.2 (numpy).
  Tensor logits = tensor({1.0f, 2.0f, 0.5f, 0.3f, -1.0f, 0.8f}, {2, 3});
  check_close(categorical_focal_crossentropy(t, logits, {0.2, 0.5, 0.3}, 1.0, true, 0.2), {0.1235370836, 0.1988815768});
  // The class axis can be the first (numpy).
  check_close(categorical_focal_crossentropy(tensor({1, 0, 0, 1}, {2, 2}), tensor({0.7f, 0.2f, 0.3f, 0.8f}, {2, 2}),
                                             {0.25}, 2.0, false, 0.0, 0),
              {0.0080251862, 0.0022314355});
}

TEST_CASE("dice and tversky match Keras' formula and docstring", "[losses][overlap]") {
  // Keras' Dice docstring: (2, 2, 2, 1) masks.
  Tensor y = tensor({1, 1, 0, 0, 1, 1, 0, 0}, {2, 2, 2, 1});
  Tensor p = tensor({0, 1, 0, 1, 0.4f, 0, 0, 0.9f}, {2, 2, 2, 1});
  // Per sample: 1 - 2 * 1 / (2 + 2) and 1 - 2 * 0.4 / (2 + 1.3).
  check_close(Dice({.reduction = "none", .axis = std::vector<int>{1, 2, 3}})(y, p), {0.5, 1 - 0.8 / 3.3});
  check_close(dice(y, p, std::vector<int>{1, 2, 3}), {0.5, 1 - 0.8 / 3.3});
  // No axis: one value for the batch, 1 - 2 * 1.4 / (4 + 3.3).
  Dice d;
  CHECK(d.name() == "dice");
  CHECK(d(y, p).item() == Approx(1 - 2.8 / 7.3).epsilon(1e-6));
  CHECK(d(y, p).item() == Approx(0.6164384).epsilon(1e-6));
  CHECK(dice(y, p).rank() == 0);

  // Tversky: tp 1, fp 1, fn 1 for sample 0; tp 0.4, fp 0.9, fn 1.6 for sample 1.
  check_close(tversky(y, p, 0.3, 0.7, std::vector<int>{-3, -2, -1}),
              {1 - 1 / (1 + 0.3 + 0.7), 1 - 0.4 / (0.4 + 0.3 * 0.9 + 0.7 * 1.6)}, 1e-6);
  CHECK(Tversky({.alpha = 0.3, .beta = 0.7})(y, p).item() == Approx(1 - 1.4 / (1.4 + 0.3 * 1.9 + 0.7 * 2.6)));
  // alpha = beta = 0.5 is Dice.
  check_close(Tversky({.reduction = "none", .axis = std::vector<int>{1, 2, 3}})(y, p),
              dice(y, p, std::vector<int>{1, 2, 3}), 1e-6);
  // Sample weights scale the per-sample values; the mean is over the batch.
  CHECK(Dice({.axis = std::vector<int>{1, 2, 3}})(y, p, tensor({2, 0}, {2})).item() == Approx(0.5));
}

TEST_CASE("focal and overlap losses reject bad shapes and options, naming the loss", "[losses][errors]") {
  Tensor a = Tensor::zeros({2, 3}), b = Tensor::zeros({2, 4});
  REQUIRE_THROWS_WITH(binary_focal_crossentropy(a, b),
                      Catch::Contains("binary_focal_crossentropy") && Catch::Contains("(2, 3)"));
  REQUIRE_THROWS_WITH(categorical_focal_crossentropy(a, b), Catch::Contains("categorical_focal_crossentropy"));
  REQUIRE_THROWS_AS(categorical_focal_crossentropy(a, b), ShapeError);
  REQUIRE_THROWS_WITH(dice(a, b), Catch::Contains("dice") && Catch::Contains("(2, 4)"));
  REQUIRE_THROWS_WITH(tversky(a, b), Catch::Contains("tversky"));
  REQUIRE_THROWS_WITH(dice(a, a, std::vector<int>{2}), Catch::Contains("dice") && Catch::Contains("axis 2"));
  REQUIRE_THROWS_WITH(tversky(a, a, 0.5, 0.5, std::vector<int>{1, -1}), Catch::Contains("repeated"));
  REQUIRE_THROWS_WITH(categorical_focal_crossentropy(a, a, {0.1, 0.2}),
                      Catch::Contains("alpha") && Catch::Contains("3"));
  REQUIRE_THROWS_WITH(BinaryFocalCrossentropy({.alpha = 1.5}), Catch::Contains("BinaryFocalCrossentropy"));
  REQUIRE_THROWS_WITH(CategoricalFocalCrossentropy({.gamma = -1}), Catch::Contains("gamma"));
  REQUIRE_THROWS_WITH(BinaryFocalCrossentropy({.label_smoothing = 2}), Catch::Contains("label_smoothing"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "Dice", "config": {"axis": "all"}})")),
                      Catch::Contains("Dice") && Catch::Contains("axis"));
  REQUIRE_THROWS_WITH(
      deserialize(Json::parse(R"({"class_name": "CategoricalFocalCrossentropy", "config": {"alpha": [0.5, "x"]}})")),
      Catch::Contains("alpha"));
}

TEST_CASE("focal and overlap losses have correct gradients", "[losses][gradients]") {
  Tensor w = tensor({1.0f, 0.5f, 2.0f, 0.0f}, {4});
  auto check = [&](const Loss& loss, const Tensor& y, const Tensor& p, bool weighted) {
    check_gradients([&](const std::vector<Tensor>& in) { return weighted ? loss(y, in[0], w) : loss(y, in[0]); },
                    {p.clone()});
  };
  // Probabilities away from the clipping bounds; logits of moderate size.
  Tensor y01 = tensor({0, 1, 1, 0, 1, 1, 0, 0}, {4, 2});
  Tensor probs = tensor({0.3f, 0.6f, 0.45f, 0.2f, 0.7f, 0.55f, 0.35f, 0.4f}, {4, 2});
  Tensor onehot = tensor({0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, {4, 3});
  Tensor dist = tensor({0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f, 0.25f, 0.35f, 0.4f, 0.3f, 0.45f, 0.25f}, {4, 3});
  SECTION("binary_focal_crossentropy") {
    check(BinaryFocalCrossentropy({.reduction = "none"}), y01, probs, false);
    check(BinaryFocalCrossentropy({.apply_class_balancing = true, .gamma = 1.5, .label_smoothing = 0.1}), y01, probs,
          true);
    check(BinaryFocalCrossentropy({.from_logits = true}), y01, probs * 4.0f - 2.0f, true);
  }
  SECTION("categorical_focal_crossentropy") {
    check(CategoricalFocalCrossentropy({.reduction = "none"}), onehot, dist, false);
    check(CategoricalFocalCrossentropy({.alpha = {0.2, 0.5, 0.3}, .gamma = 1.0, .from_logits = true}), onehot,
          dist * 3.0f - 1.0f, true);
  }
  SECTION("dice") {
    check(Dice(), y01, probs, false);
    check(Dice({.axis = std::vector<int>{1}}), y01, probs, true);
  }
  SECTION("tversky") {
    check(Tversky({.alpha = 0.3, .beta = 0.7}), y01, probs, false);
    check(Tversky({.reduction = "sum", .axis = std::vector<int>{-1}}), y01, probs, true);
  }
}

TEST_CASE("focal and overlap losses resolve by name and round-trip their configs", "[losses][registry][config]") {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"BinaryFocalCrossentropy", "binary_focal_crossentropy"},
      {"CategoricalFocalCrossentropy", "categorical_focal_crossentropy"},
      {"Dice", "dice"},
      {"Tversky", "tversky"},
  };
  for (const auto& [cls, fn] : names) {
    CAPTURE(cls);
    CHECK(get(cls)->class_name() == cls);
    CHECK(get(cls)->name() == fn);
    CHECK(get(fn)->class_name() == cls);
    auto loss = deserialize(Json{{"class_name", cls}, {"config", {{"name", "custom"}, {"reduction", "sum"}}}});
    auto back = deserialize(Json::parse(serialize(*loss).dump()));
    CHECK(back->name() == "custom");
    CHECK(back->reduction() == "sum");
    CHECK(back->get_config() == loss->get_config());
  }
  // Keras' get_config keys and defaults.
  CHECK(BinaryFocalCrossentropy().get_config() == Json::parse(R"({"name": "binary_focal_crossentropy",
      "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.0, "axis": -1,
      "apply_class_balancing": false, "alpha": 0.25, "gamma": 2.0})"));
  CHECK(CategoricalFocalCrossentropy().get_config() == Json::parse(R"({"name": "categorical_focal_crossentropy",
      "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.0, "axis": -1,
      "alpha": 0.25, "gamma": 2.0})"));
  CHECK(Dice().get_config() == Json::parse(R"({"name": "dice", "reduction": "sum_over_batch_size", "axis": null})"));
  CHECK(Tversky().get_config() ==
        Json::parse(R"({"name": "tversky", "reduction": "sum_over_batch_size", "alpha": 0.5, "beta": 0.5,
                        "axis": null})"));
  // Non-default options survive the trip, in their Keras JSON forms.
  for (const char* text : {
           R"({"class_name": "BinaryFocalCrossentropy", "config": {"apply_class_balancing": true, "alpha": 0.4,
               "gamma": 1.5, "from_logits": true, "label_smoothing": 0.1, "axis": 0}})",
           R"({"class_name": "CategoricalFocalCrossentropy", "config": {"alpha": [0.2, 0.3, 0.5], "gamma": 3.0}})",
           R"({"class_name": "Dice", "config": {"axis": [1, 2, 3]}})",
           R"({"class_name": "Tversky", "config": {"alpha": 0.3, "beta": 0.7, "axis": -1}})",
       }) {
    CAPTURE(text);
    Json config = Json::parse(text);
    Json written = serialize(*deserialize(config))["config"];
    for (const auto& [key, value] : config["config"].items()) CHECK(written[key] == value);
    CHECK(deserialize(serialize(*deserialize(config)))->get_config() == written);
  }
}

TEST_CASE("compile accepts the focal losses by name", "[losses][registry][model]") {
  Tensor x = tensor({0.5f, -1, 2, 0.3f, -0.7f, 1.1f, 0, 1}, {4, 2});
  Tensor y = tensor({0, 1, 1, 0, 1, 0, 0, 1}, {4, 2});
  for (const char* name : {"binary_focal_crossentropy", "CategoricalFocalCrossentropy", "dice", "Tversky"}) {
    CAPTURE(name);
    Sequential model{Input({2}), Dense(2, Dense::Options{.activation = "softmax"})};
    model.compile({.optimizer = "sgd", .loss = name});
    Tensor pred = model.predict(x, {.verbose = 0});
    CHECK(model.evaluate(x, y, {.verbose = 0}).loss() == Approx((*get(name))(y, pred).item()).epsilon(1e-5));
    auto history = model.fit(x, y, {.epochs = 2, .verbose = 0});
    CHECK(std::isfinite(history.history.at("loss")[1]));
  }
}
