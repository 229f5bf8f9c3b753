// CategoricalGeneralizedCrossEntropy: values written as Keras' formula (1 - p^q) / q by hand,
// on the example of Keras' docstring; gradients, config round trip, errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "losses/losses.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::losses;
using namespace keras::testing;

TEST_CASE("categorical_generalized_cross_entropy is (1 - p^q) / q of the true class", "[losses][gce]") {
  // Keras' docstring example: true-class probabilities 0.7, 0.8, 0.6, 0.6.
  Tensor labels = Tensor::from_vector<std::int32_t>({0, 1, 0, 1}, {4});
  Tensor p = tensor({0.7f, 0.3f, 0.2f, 0.8f, 0.6f, 0.4f, 0.4f, 0.6f}, {4, 2});
  auto gce = [](double prob, double q) { return (1 - std::pow(prob, q)) / q; };
  std::vector<double> want = {gce(0.7, 0.5), gce(0.8, 0.5), gce(0.6, 0.5), gce(0.6, 0.5)};
  check_close(categorical_generalized_cross_entropy(labels, p, 0.5), want);
  CategoricalGeneralizedCrossEntropy loss;
  CHECK(loss.name() == "categorical_generalized_cross_entropy");
  CHECK(loss(labels, p).item() == Approx((want[0] + want[1] + want[2] + want[3]) / 4).epsilon(1e-6));
  // (batch, 1) float labels are squeezed; q = 0.2.
  check_close(CategoricalGeneralizedCrossEntropy({.q = 0.2, .reduction = "none"})(tensor({0, 1, 0, 1}, {4, 1}), p),
              {gce(0.7, 0.2), gce(0.8, 0.2), gce(0.6, 0.2), gce(0.6, 0.2)});
}

TEST_CASE("categorical_generalized_cross_entropy: gradients, config and errors", "[losses][gce]") {
  Tensor labels = tensor({2, 0, 1, 1}, {4});
  Tensor p = tensor({0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f, 0.25f, 0.35f, 0.4f, 0.3f, 0.45f, 0.25f}, {4, 3});
  CategoricalGeneralizedCrossEntropy loss({.q = 0.7});
  check_gradients([&](const std::vector<Tensor>& in) { return loss(labels, in[0], tensor({1, 0.5f, 2, 0}, {4})); },
                  {p.clone()});

  CHECK(get("CategoricalGeneralizedCrossEntropy")->name() == "categorical_generalized_cross_entropy");
  CHECK(get("categorical_generalized_cross_entropy")->class_name() == "CategoricalGeneralizedCrossEntropy");
  CHECK(loss.get_config() == Json::parse(R"({"name": "categorical_generalized_cross_entropy",
                                             "reduction": "sum_over_batch_size", "q": 0.7})"));
  auto back = deserialize(Json::parse(serialize(loss).dump()));
  CHECK(back->get_config() == loss.get_config());

  REQUIRE_THROWS_WITH(CategoricalGeneralizedCrossEntropy({.q = 1.0}), Catch::Contains("(0, 1)"));
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "CategoricalGeneralizedCrossEntropy",
                                                  "config": {"q": 0}})")),
                      Catch::Contains("q must be in the interval (0, 1)"));
  Tensor one_hot = tensor({0, 1, 1, 0}, {2, 2});
  REQUIRE_THROWS_AS(categorical_generalized_cross_entropy(one_hot, one_hot, 0.5), ShapeError);
  REQUIRE_THROWS_WITH(categorical_generalized_cross_entropy(tensor({0, 1, 0}, {3}), p, 0.5),
                      Catch::Contains("categorical_generalized_cross_entropy"));
}

TEST_CASE("compile accepts categorical_generalized_cross_entropy by name", "[losses][gce][model]") {
  Tensor x = tensor({0.5f, -1, 2, 0.3f, -0.7f, 1.1f, 0, 1}, {4, 2});
  Tensor y = tensor({0, 1, 1, 0}, {4});
  Sequential model{Input({2}), Dense(2, Dense::Options{.activation = "softmax"})};
  model.compile({.optimizer = "sgd", .loss = "categorical_generalized_cross_entropy"});
  Tensor pred = model.predict(x, {.verbose = 0});
  double expected = ops::mean(categorical_generalized_cross_entropy(y, pred, 0.5)).item();
  CHECK(model.evaluate(x, y, {.verbose = 0}).loss() == Approx(expected).epsilon(1e-5));
  CHECK(std::isfinite(model.fit(x, y, {.epochs = 2, .verbose = 0}).history.at("loss")[1]));
}
