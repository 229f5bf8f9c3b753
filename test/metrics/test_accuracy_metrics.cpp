#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

// argmax per row: 2, 0, 1, 1.
Tensor scores() { return tensor({0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f, 0.2f, 0.6f, 0.2f, 0.3f, 0.4f, 0.3f}, {4, 3}); }

}  // namespace

TEST_CASE("sparse_categorical_accuracy compares labels with the argmax", "[metrics][accuracy]") {
  // Labels 2, 0, 2, 1: rows 0, 1 and 3 are right.
  check_close(sparse_categorical_accuracy(Tensor::from_vector<std::int32_t>({2, 0, 2, 1}, {4}), scores()), {1, 1, 0, 1});
  check_close(sparse_categorical_accuracy(tensor({2, 0, 2, 1}, {4, 1}), scores()), {1, 1, 0, 1});
  check_close(sparse_categorical_accuracy(Tensor::from_vector<std::uint8_t>({0, 0, 1, 1}, {4, 1}), scores()),
              {0, 1, 1, 1});
  REQUIRE_THROWS_AS(sparse_categorical_accuracy(Tensor::zeros({4, 2}), scores()), ShapeError);
}

TEST_CASE("SparseCategoricalAccuracy keeps a running mean over batches", "[metrics][accuracy]") {
  SparseCategoricalAccuracy acc;
  CHECK(acc.name() == "sparse_categorical_accuracy");
  CHECK(acc.result() == 0.0);  // nothing seen yet
  acc.update_state(Tensor::from_vector<std::int32_t>({2, 0, 2, 1}, {4}), scores());  // 3 of 4
  CHECK(acc.result() == Approx(0.75));
  acc.update_state(tensor({0, 1}, {2, 1}), tensor({0.9f, 0.1f, 0.8f, 0.2f}, {2, 2}));  // 1 of 2
  CHECK(acc.result() == Approx(4.0 / 6.0));
  acc.reset_state();
  CHECK(acc.result() == 0.0);
  acc.update_state(tensor({0, 0}, {2}), tensor({0.9f, 0.1f, 0.8f, 0.2f}, {2, 2}));
  CHECK(acc.result() == 1.0);
}

TEST_CASE("accuracy metrics weight samples: sum(w * correct) / sum(w)", "[metrics][accuracy]") {
  SparseCategoricalAccuracy acc;
  // Correct: 1, 1, 0, 1 with weights 1, 2, 3, 0.5.
  acc.update_state(Tensor::from_vector<std::int32_t>({2, 0, 2, 1}, {4}), scores(), tensor({1, 2, 3, 0.5f}, {4}));
  CHECK(acc.result() == Approx(3.5 / 6.5));
  acc.update_state(Tensor::from_vector<std::int32_t>({2}, {1}), tensor({0, 0, 1}, {1, 3}), tensor({1.5f}, {1, 1}));
  CHECK(acc.result() == Approx(5.0 / 8.0));
  REQUIRE_THROWS_AS(acc.update_state(Tensor::from_vector<std::int32_t>({2}, {1}), tensor({0, 0, 1}, {1, 3}),
                                     tensor({1, 2}, {2})),
                    ShapeError);
}

TEST_CASE("CategoricalAccuracy compares argmaxes of one-hot targets and predictions", "[metrics][accuracy]") {
  Tensor onehot = tensor({0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0}, {4, 3});  // classes 2, 1, 1, 0
  check_close(categorical_accuracy(onehot, scores()), {1, 0, 1, 0});
  CategoricalAccuracy acc;
  CHECK(acc.name() == "categorical_accuracy");
  acc.update_state(onehot, scores());
  CHECK(acc.result() == Approx(0.5));
  acc.update_state(onehot, scores(), tensor({0, 0, 4, 0}, {4}));
  CHECK(acc.result() == Approx((2.0 + 4.0) / (4.0 + 4.0)));
  REQUIRE_THROWS_WITH(acc.update_state(Tensor::zeros({4, 2}), scores()),
                      Catch::Contains("(4, 2)") && Catch::Contains("(4, 3)"));
}

TEST_CASE("BinaryAccuracy thresholds predictions with y_pred > threshold", "[metrics][accuracy]") {
  // 0.5 itself counts as 0 (strictly greater).
  Tensor y = tensor({1, 0, 1, 0, 1}, {5});
  Tensor p = tensor({0.9f, 0.5f, 0.5f, 0.2f, 0.6f}, {5, 1});
  check_close(binary_accuracy(y, p), {1, 1, 0, 1, 1});
  check_close(binary_accuracy(y, p, 0.7), {1, 1, 0, 1, 0});
  check_close(binary_accuracy(tensor({1, 0, 1, 1}, {2, 2}), tensor({0.8f, 0.1f, 0.3f, 0.9f}, {2, 2})), {1.0, 0.5});

  BinaryAccuracy acc;
  CHECK(acc.name() == "binary_accuracy");
  acc.update_state(y, p);
  CHECK(acc.result() == Approx(0.8));
  BinaryAccuracy strict("strict", 0.7);
  strict.update_state(y, p);
  CHECK(strict.result() == Approx(0.6));
  CHECK(strict.name() == "strict");
  CHECK(strict.get_config()["threshold"].get<double>() == 0.7);
  CHECK(strict.get_config()["name"] == "strict");
  // Multi-output rows count as the mean of their elements.
  BinaryAccuracy rows;
  rows.update_state(tensor({1, 0, 1, 1}, {2, 2}), tensor({0.8f, 0.1f, 0.3f, 0.9f}, {2, 2}), tensor({1, 3}, {2}));
  CHECK(rows.result() == Approx((1.0 + 3 * 0.5) / 4.0));
  REQUIRE_THROWS_AS(binary_accuracy(tensor({1, 0}, {2}), tensor({1, 0, 1}, {3, 1})), ShapeError);
}

TEST_CASE("Accuracy counts exact matches", "[metrics][accuracy]") {
  check_close(accuracy(Tensor::from_vector<std::int32_t>({1, 2, 3, 4}, {4}), tensor({1, 2, 0, 4}, {4, 1})),
              {1, 1, 0, 1});
  Accuracy acc;
  CHECK(acc.name() == "accuracy");
  CHECK(acc.class_name() == "Accuracy");
  acc.update_state(tensor({1, 2, 3, 4}, {2, 2}), tensor({1, 2, 3, 5}, {2, 2}));
  CHECK(acc.result() == Approx(0.75));
  acc.update_state(tensor({7}, {1}), tensor({7}, {1}), tensor({2}, {1}));
  CHECK(acc.result() == Approx((1.0 + 0.5 + 2.0) / 4.0));
}

TEST_CASE("Top-k accuracies follow Keras' in_top_k, ties included", "[metrics][accuracy][top_k]") {
  // Row 0: label 2 (0.7) is the largest. Row 1: label 2 (0.2) has two larger -> rank 3.
  // Row 2: label 0 (0.2) ties with class 2 (0.2) and trails 0.6 -> rank 2 (ties count).
  // Row 3: label 0 (0.3) trails 0.4 -> rank 2.
  Tensor p = scores();
  Tensor labels = Tensor::from_vector<std::int32_t>({2, 2, 0, 0}, {4});
  check_close(sparse_top_k_categorical_accuracy(labels, p, 1), {1, 0, 0, 0});
  check_close(sparse_top_k_categorical_accuracy(labels, p, 2), {1, 0, 1, 1});
  check_close(sparse_top_k_categorical_accuracy(tensor({2, 2, 0, 0}, {4, 1}), p, 3), {1, 1, 1, 1});
  // A three-way tie: with k = 1 every tied class counts.
  check_close(sparse_top_k_categorical_accuracy(tensor({1}, {1}), tensor({0.3f, 0.3f, 0.3f}, {1, 3}), 1), {1});
  Tensor onehot = tensor({0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0}, {4, 3});  // classes 2, 2, 1, 0
  check_close(top_k_categorical_accuracy(onehot, p, 2), {1, 0, 1, 1});
  // from_sorted_ids: y_pred holds class ids by decreasing score.
  Tensor sorted = tensor({2, 1, 0, 0, 1, 2}, {2, 3});
  check_close(sparse_top_k_categorical_accuracy(tensor({1, 2}, {2}), sorted, 2, true), {1, 0});

  SparseTopKCategoricalAccuracy sparse(2);
  CHECK(sparse.name() == "sparse_top_k_categorical_accuracy");
  sparse.update_state(labels, p);
  CHECK(sparse.result() == Approx(0.75));
  sparse.update_state(labels, p, tensor({0, 4, 0, 0}, {4}));  // adds 4 x 0
  CHECK(sparse.result() == Approx(3.0 / 8.0));
  TopKCategoricalAccuracy dense;  // k = 5 >= 3 classes: always right
  dense.update_state(onehot, p);
  CHECK(dense.result() == 1.0);
  REQUIRE_THROWS_AS(top_k_categorical_accuracy(Tensor::zeros({4, 2}), p, 2), ShapeError);
  REQUIRE_THROWS_WITH(sparse_top_k_categorical_accuracy(tensor({3}, {1}), tensor({0.3f, 0.3f, 0.3f}, {1, 3})),
                      Catch::Contains("label 3 is out of range"));
  REQUIRE_THROWS_AS(SparseTopKCategoricalAccuracy(0), ValueError);

  Json config = SparseTopKCategoricalAccuracy(3, "top3", true).get_config();
  CHECK(config == Json::parse(R"({"name": "top3", "dtype": "float32", "k": 3, "from_sorted_ids": true})"));
  CHECK(deserialize({{"class_name", "SparseTopKCategoricalAccuracy"}, {"config", config}})->get_config() == config);
  CHECK_FALSE(SparseTopKCategoricalAccuracy().get_config().contains("from_sorted_ids"));
  Json dense_config = TopKCategoricalAccuracy(2, "top2").get_config();
  CHECK(dense_config == Json::parse(R"({"name": "top2", "dtype": "float32", "k": 2})"));
  CHECK(deserialize({{"class_name", "TopKCategoricalAccuracy"}, {"config", dense_config}})->get_config() ==
        dense_config);
}
