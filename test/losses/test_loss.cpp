#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "losses/losses.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::losses;
using namespace keras::testing;

namespace {

// Per-sample squared errors of these inputs: (1, 4, 0.25, 9) (one value per row).
Tensor y_true() { return tensor({0, 0, 0, 0}, {4, 1}); }
Tensor y_pred() { return tensor({1, -2, 0.5f, 3}, {4, 1}); }

}  // namespace

TEST_CASE("Loss reductions: sum_over_batch_size, sum, none, mean_with_sample_weight", "[losses][reduction]") {
  const double total = 1 + 4 + 0.25 + 9;
  CHECK(MeanSquaredError()(y_true(), y_pred()).item() == Approx(total / 4));
  CHECK(MeanSquaredError({.reduction = "mean"})(y_true(), y_pred()).item() == Approx(total / 4));
  CHECK(MeanSquaredError({.reduction = "sum"})(y_true(), y_pred()).item() == Approx(total));
  Tensor none = MeanSquaredError({.reduction = "none"})(y_true(), y_pred());
  REQUIRE(none.shape() == Shape{4});
  check_close(none, {1, 4, 0.25, 9});
  // Without weights, mean_with_sample_weight is the plain mean.
  CHECK(MeanSquaredError({.reduction = "mean_with_sample_weight"})(y_true(), y_pred()).item() == Approx(total / 4));

  // sum_over_batch_size divides by the number of per-sample values, not only the batch size:
  // (2, 3, 2) -> per-sample losses (2, 3), divisor 6.
  std::vector<float> p = {1, 1, 2, 2, 3, 3, 0, 0, 0, 2, 4, 4};
  Tensor t = Tensor::zeros({2, 3, 2});
  // Row means of squares: 1, 4, 9, 0, 2, 16.
  CHECK(MeanSquaredError()(t, tensor(p, {2, 3, 2})).item() == Approx(32.0 / 6.0));
  CHECK(MeanSquaredError({.reduction = "sum"})(t, tensor(p, {2, 3, 2})).item() == Approx(32.0));
  REQUIRE(MeanSquaredError({.reduction = "none"})(t, tensor(p, {2, 3, 2})).shape() == Shape{2, 3});
}

TEST_CASE("Loss applies sample weights before reducing", "[losses][reduction]") {
  Tensor w = tensor({2, 0, 1, 0.5f}, {4});
  const double weighted = 2 * 1 + 0 * 4 + 1 * 0.25 + 0.5 * 9;  // 6.75
  CHECK(MeanSquaredError()(y_true(), y_pred(), w).item() == Approx(weighted / 4));
  CHECK(MeanSquaredError({.reduction = "sum"})(y_true(), y_pred(), w).item() == Approx(weighted));
  CHECK(MeanSquaredError({.reduction = "mean_with_sample_weight"})(y_true(), y_pred(), w).item() ==
        Approx(weighted / 3.5));
  check_close(MeanSquaredError({.reduction = "none"})(y_true(), y_pred(), w), {2, 0, 0.25, 4.5});
  // (N, 1) weights are squeezed to the per-sample values' rank.
  CHECK(MeanSquaredError()(y_true(), y_pred(), tensor({2, 0, 1, 0.5f}, {4, 1})).item() == Approx(weighted / 4));
  // A batch whose weights are all zero gives 0, not NaN (divide_no_nan).
  CHECK(MeanSquaredError({.reduction = "mean_with_sample_weight"})(y_true(), y_pred(), Tensor::zeros({4})).item() ==
        0.0);

  // Weights for a cross-entropy: per-sample -log(p_label) weighted.
  Tensor probs = tensor({0.5f, 0.5f, 0.25f, 0.75f}, {2, 2});
  Tensor labels = Tensor::from_vector<std::int32_t>({0, 1}, {2});
  CHECK(SparseCategoricalCrossentropy()(labels, probs, tensor({3, 1}, {2})).item() ==
        Approx((3 * -std::log(0.5) + -std::log(0.75)) / 2));
}

TEST_CASE("Loss rejects unknown reductions", "[losses][reduction][errors]") {
  REQUIRE_THROWS_AS(MeanSquaredError({.reduction = "average"}), ValueError);
  REQUIRE_THROWS_WITH(BinaryCrossentropy({.reduction = "average", .name = "bce"}),
                      Catch::Contains("'average'") && Catch::Contains("sum_over_batch_size") && Catch::Contains("bce"));
}

TEST_CASE("losses::get resolves Keras names and aliases", "[losses][registry]") {
  auto mse = get("mse");
  CHECK(mse->class_name() == "MeanSquaredError");
  CHECK(mse->name() == "mse");  // a function name or alias names the loss after itself
  CHECK(get("MSE")->class_name() == "MeanSquaredError");
  CHECK(get("mean_squared_error")->name() == "mean_squared_error");
  auto scce = get("SparseCategoricalCrossentropy");
  CHECK(scce->class_name() == "SparseCategoricalCrossentropy");
  CHECK(scce->name() == "sparse_categorical_crossentropy");  // a class name keeps the default name
  CHECK(get("mae")->class_name() == "MeanAbsoluteError");
  CHECK(get("binary_crossentropy")->class_name() == "BinaryCrossentropy");
  CHECK(get("categorical_crossentropy")->class_name() == "CategoricalCrossentropy");
  CHECK(get("huber")->class_name() == "Huber");
  CHECK(get("mse")->reduction() == "sum_over_batch_size");

  REQUIRE_THROWS_AS(get("mean_square_error"), ValueError);
  REQUIRE_THROWS_WITH(get("mean_square_error"), Catch::Contains("Unknown loss 'mean_square_error'") &&
                                                    Catch::Contains("mean_squared_error") &&
                                                    Catch::Contains("sparse_categorical_crossentropy"));
  std::vector<std::string> known = names();
  CHECK(std::find(known.begin(), known.end(), "Huber") != known.end());
  CHECK(std::is_sorted(known.begin(), known.end()));
}

TEST_CASE("LossArg resolves 'crossentropy' by the data's shapes like Keras", "[losses][registry]") {
  LossArg ce("crossentropy");
  CHECK(ce.resolve({8}, {8, 1})->class_name() == "BinaryCrossentropy");
  CHECK(ce.resolve({8, 1}, {8, 1})->class_name() == "BinaryCrossentropy");
  CHECK(ce.resolve({8}, {8, 10})->class_name() == "SparseCategoricalCrossentropy");
  CHECK(ce.resolve({8, 1}, {8, 10})->class_name() == "SparseCategoricalCrossentropy");
  CHECK(ce.resolve({8, 10}, {8, 10})->class_name() == "CategoricalCrossentropy");
  CHECK(LossArg("ce").resolve({8, 10}, {8, 10})->class_name() == "CategoricalCrossentropy");
  CHECK(LossArg("mse").resolve({8, 10}, {8, 10})->name() == "mse");

  auto object = std::make_shared<Huber>(Huber::Options{.delta = 2.0});
  CHECK(LossArg(object).resolve({8}, {8, 1}) == object);
  CHECK(LossArg(MeanAbsoluteError({.name = "l1"})).resolve({8}, {8, 1})->name() == "l1");
  LossArg empty;
  CHECK(empty.empty());
  REQUIRE_THROWS_WITH(empty.resolve({8}, {8, 1}), Catch::Contains("loss"));
  REQUIRE_THROWS_AS(LossArg("crossentropyy").resolve({8}, {8, 1}), ValueError);
}

TEST_CASE("Loss configs round-trip through serialize / deserialize", "[losses][config]") {
  std::vector<std::shared_ptr<Loss>> all = {
      std::make_shared<SparseCategoricalCrossentropy>(
          SparseCategoricalCrossentropy::Options{.from_logits = true, .reduction = "sum", .name = "s"}),
      std::make_shared<CategoricalCrossentropy>(
          CategoricalCrossentropy::Options{.from_logits = true, .label_smoothing = 0.1, .reduction = "none"}),
      std::make_shared<BinaryCrossentropy>(
          BinaryCrossentropy::Options{.label_smoothing = 0.2, .reduction = "mean_with_sample_weight", .name = "b"}),
      std::make_shared<MeanSquaredError>(MeanSquaredError::Options{.reduction = "sum"}),
      std::make_shared<MeanAbsoluteError>(MeanAbsoluteError::Options{.name = "l1"}),
      std::make_shared<Huber>(Huber::Options{.delta = 0.25, .name = "h"}),
  };
  for (const auto& loss : all) {
    INFO(loss->class_name());
    Json s = serialize(*loss);
    CHECK(s["class_name"] == loss->class_name());
    CHECK(s["module"] == "keras.losses");
    auto back = deserialize(Json::parse(s.dump()));
    CHECK(back->class_name() == loss->class_name());
    CHECK(back->get_config() == loss->get_config());
  }
  Json cce = all[1]->get_config();
  CHECK(cce["from_logits"] == true);
  CHECK(cce["label_smoothing"].get<double>() == 0.1);
  CHECK(cce["axis"] == -1);
  CHECK(cce["reduction"] == "none");
  CHECK(cce["name"] == "categorical_crossentropy");
  CHECK(all[0]->get_config().contains("ignore_class"));

  // A Keras-written config, and a name.
  auto huber = deserialize(Json::parse(R"({"class_name": "Huber", "config": {"name": "hl", "reduction": "sum",
                                           "delta": 2.0}})"));
  CHECK(huber->name() == "hl");
  CHECK(huber->reduction() == "sum");
  CHECK(huber->get_config()["delta"].get<double>() == 2.0);
  CHECK(deserialize(Json("mae"))->class_name() == "MeanAbsoluteError");
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"config": {}})")), Catch::Contains("class_name"));
  REQUIRE_THROWS_WITH(
      deserialize(Json::parse(R"({"class_name": "SparseCategoricalCrossentropy", "config": {"ignore_class": 0}})")),
      Catch::Contains("ignore_class"));
}

TEST_CASE("squeeze_or_expand_to_same_rank follows Keras", "[losses]") {
  auto [a, b] = squeeze_or_expand_to_same_rank(Tensor::zeros({4, 1}), Tensor::zeros({4}));
  CHECK(a.shape() == Shape{4, 1});
  CHECK(b.shape() == Shape{4, 1});  // rank 1 is expanded
  auto [c, d] = squeeze_or_expand_to_same_rank(Tensor::zeros({4, 3}), Tensor::zeros({4, 3, 1}));
  CHECK(c.shape() == Shape{4, 3});
  CHECK(d.shape() == Shape{4, 3});  // higher rank: the trailing 1 is squeezed
  auto [e, f] = squeeze_or_expand_to_same_rank(Tensor::zeros({4, 3}), Tensor::zeros({4}));
  CHECK(e.shape() == Shape{4, 3});
  CHECK(f.shape() == Shape{4});  // nothing to do without a trailing 1
}
