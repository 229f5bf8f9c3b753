#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "losses/crossentropy.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::losses;
using namespace keras::testing;

namespace {

// Keras clips in float32 to [epsilon, 1 - epsilon]; 1 - 1e-7 rounds to 1 - 2^-23 there.
const double kLo = static_cast<double>(1e-7f);
const double kHi = static_cast<double>(1.0f - 1e-7f);

double clip(double p) { return std::min(std::max(p, kLo), kHi); }

std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// -sum(target * log(p)) per row, with p renormalised and clipped (or log_softmax of logits).
std::vector<double> ref_categorical(const std::vector<double>& target, const std::vector<float>& pred, int classes,
                                    bool from_logits) {
  std::vector<double> out;
  for (std::size_t r = 0; r * classes < pred.size(); ++r) {
    const float* row = &pred[r * classes];
    double total = 0.0, mx = -1e300, lse = 0.0;
    for (int c = 0; c < classes; ++c) total += row[c], mx = std::max(mx, double(row[c]));
    for (int c = 0; c < classes; ++c) lse += std::exp(row[c] - mx);
    lse = mx + std::log(lse);
    double loss = 0.0;
    for (int c = 0; c < classes; ++c) {
      double logp = from_logits ? row[c] - lse : std::log(clip(row[c] / total));
      loss -= target[r * classes + c] * logp;
    }
    out.push_back(loss);
  }
  return out;
}

std::vector<double> one_hot(const std::vector<int>& labels, int classes) {
  std::vector<double> t(labels.size() * classes, 0.0);
  for (std::size_t i = 0; i < labels.size(); ++i) t[i * classes + labels[i]] = 1.0;
  return t;
}

// Keras 3 binary_crossentropy per element, averaged over the last axis.
std::vector<double> ref_binary(std::vector<double> y, const std::vector<float>& pred, int last, bool from_logits,
                               double smoothing = 0.0) {
  std::vector<double> out;
  for (std::size_t r = 0; r * last < pred.size(); ++r) {
    double s = 0.0;
    for (int c = 0; c < last; ++c) {
      double z = y[r * last + c] * (1.0 - smoothing) + 0.5 * smoothing, x = pred[r * last + c];
      if (from_logits) {
        s += std::max(x, 0.0) - x * z + std::log1p(std::exp(-std::fabs(x)));
      } else {
        double p = clip(x);
        s -= z * std::log(p) + (1.0 - z) * std::log(1.0 - p);
      }
    }
    out.push_back(s / last);
  }
  return out;
}

// Softmax of fixed random logits: probabilities well inside (0, 1) for gradient checks.
Tensor random_probabilities(const Shape& shape, unsigned seed) {
  return ops::softmax(random_tensor(shape, -1.0f, 1.0f, seed)).clone();
}

const std::vector<float> kProbs = {0.2f, 0.3f, 0.5f,   // sums to 1
                                   0.6f, 0.2f, 0.2f,   //
                                   0.1f, 0.1f, 0.3f,   // sums to 0.5: renormalised to 0.2, 0.2, 0.6
                                   0.0f, 0.5f, 0.5f};  // exact 0 for the true class 0

}  // namespace

TEST_CASE("sparse_categorical_crossentropy renormalises, clips and accepts every label layout",
          "[losses][crossentropy]") {
  Tensor pred = tensor(kProbs, {4, 3});
  const std::vector<int> labels = {2, 0, 1, 0};
  std::vector<double> expected = ref_categorical(one_hot(labels, 3), kProbs, 3, false);
  // -log(0.5), -log(0.6), -log(0.2), -log(1e-7).
  REQUIRE(expected[3] == Approx(-std::log(1e-7)).epsilon(1e-6));
  REQUIRE(expected[2] == Approx(-std::log(0.2)).epsilon(1e-6));

  SECTION("int32 (N,)") {
    check_close(sparse_categorical_crossentropy(Tensor::from_vector<std::int32_t>({2, 0, 1, 0}, {4}), pred), expected);
  }
  SECTION("int32 (N, 1)") {
    check_close(sparse_categorical_crossentropy(Tensor::from_vector<std::int32_t>({2, 0, 1, 0}, {4, 1}), pred),
                expected);
  }
  SECTION("uint8 (N,) and (N, 1)") {
    check_close(sparse_categorical_crossentropy(Tensor::from_vector<std::uint8_t>({2, 0, 1, 0}, {4}), pred), expected);
    check_close(sparse_categorical_crossentropy(Tensor::from_vector<std::uint8_t>({2, 0, 1, 0}, {4, 1}), pred),
                expected);
  }
  SECTION("float32 and int64 labels") {
    check_close(sparse_categorical_crossentropy(tensor({2, 0, 1, 0}, {4, 1}), pred), expected);
    check_close(sparse_categorical_crossentropy(tensor({2, 0, 1, 0}, {4}), pred), expected);
    check_close(sparse_categorical_crossentropy(Tensor::from_vector<std::int64_t>({2, 0, 1, 0}, {4}), pred), expected);
  }
  SECTION("the loss class reduces to the mean") {
    SparseCategoricalCrossentropy loss;
    double mean = (expected[0] + expected[1] + expected[2] + expected[3]) / 4.0;
    CHECK(loss(Tensor::from_vector<std::int32_t>({2, 0, 1, 0}, {4, 1}), pred).item() == Approx(mean).epsilon(1e-6));
    CHECK(loss.name() == "sparse_categorical_crossentropy");
  }
}

TEST_CASE("sparse_categorical_crossentropy from logits is -log_softmax at the label", "[losses][crossentropy]") {
  std::vector<float> logits = {2.0f, -1.0f, 0.5f, -3.0f, 4.0f, 1.0f, 30.0f, -30.0f, 0.0f};
  Tensor labels = Tensor::from_vector<std::int32_t>({0, 2, 1}, {3});
  std::vector<double> expected = ref_categorical(one_hot({0, 2, 1}, 3), logits, 3, true);
  REQUIRE(expected[2] == Approx(60.0).epsilon(1e-9));  // not clipped to -log(1e-7) with logits
  check_close(sparse_categorical_crossentropy(labels, tensor(logits, {3, 3}), true), expected);
  SparseCategoricalCrossentropy loss({.from_logits = true, .reduction = "none"});
  check_close(loss(labels, tensor(logits, {3, 3})), expected);
}

TEST_CASE("categorical_crossentropy with soft targets and label smoothing", "[losses][crossentropy]") {
  Tensor pred = tensor(kProbs, {4, 3});
  std::vector<float> y = {0, 0, 1, 1, 0, 0, 0.25f, 0.75f, 0, 0, 1, 0};
  check_close(categorical_crossentropy(tensor(y, {4, 3}), pred), ref_categorical(as_double(y), kProbs, 3, false));

  // y * (1 - ls) + ls / C, C = 3.
  std::vector<double> smoothed(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) smoothed[i] = y[i] * 0.8 + 0.2 / 3.0;
  check_close(categorical_crossentropy(tensor(y, {4, 3}), pred, false, 0.2),
              ref_categorical(smoothed, kProbs, 3, false));
  CategoricalCrossentropy loss({.from_logits = true, .label_smoothing = 0.2, .reduction = "none"});
  std::vector<float> logits = {1.0f, -2.0f, 0.5f, 3.0f, 0.0f, -1.0f, 0.2f, 0.1f, -0.3f, 5.0f, -5.0f, 0.0f};
  check_close(loss(tensor(y, {4, 3}), tensor(logits, {4, 3})), ref_categorical(smoothed, logits, 3, true));

  std::vector<double> per = ref_categorical(as_double(y), kProbs, 3, false);
  CHECK(CategoricalCrossentropy()(tensor(y, {4, 3}), pred).item() ==
        Approx((per[0] + per[1] + per[2] + per[3]) / 4.0).epsilon(1e-6));
}

TEST_CASE("binary_crossentropy clips, averages over the last axis and expands (N,) targets",
          "[losses][crossentropy]") {
  // Includes p = 0 and p = 1 for both labels: clipped to [1e-7, 1 - 1e-7] in float32.
  std::vector<float> y = {1, 0, 0, 1, 1, 0, 0, 1};
  std::vector<float> p = {0.9f, 0.2f, 0.4f, 0.7f, 0.0f, 1.0f, 0.0f, 1.0f};
  std::vector<double> expected = ref_binary(as_double(y), p, 2, false);
  check_close(binary_crossentropy(tensor(y, {4, 2}), tensor(p, {4, 2})), expected);
  // Row 2 is y = (1, 0), p = (0, 1): -log(1e-7) and -log(1 - float32(1 - 1e-7)) = -log(2^-23).
  REQUIRE(expected[2] == Approx(0.5 * (-std::log(1e-7) - std::log(std::ldexp(1.0, -23)))).epsilon(1e-6));
  CHECK(std::isfinite(binary_crossentropy(tensor(y, {4, 2}), tensor(p, {4, 2})).to_vector<double>()[2]));

  // y_true (N,) against y_pred (N, 1): one value per sample.
  std::vector<float> y1 = {1, 0, 1}, p1 = {0.8f, 0.3f, 0.45f};
  Tensor out = binary_crossentropy(tensor(y1, {3}), tensor(p1, {3, 1}));
  REQUIRE(out.shape() == Shape{3});
  check_close(out, ref_binary(as_double(y1), p1, 1, false));
  CHECK(BinaryCrossentropy()(tensor(y1, {3}), tensor(p1, {3, 1})).item() ==
        Approx((-std::log(0.8) - std::log(0.7) - std::log(0.45)) / 3.0).epsilon(1e-6));
}

TEST_CASE("binary_crossentropy from logits is stable and label smoothing pulls toward 0.5",
          "[losses][crossentropy]") {
  std::vector<float> y = {1, 0, 1, 0, 1, 1};
  std::vector<float> x = {2.0f, -1.5f, -40.0f, 40.0f, 0.0f, 0.3f};
  std::vector<double> expected = ref_binary(as_double(y), x, 3, true);
  REQUIRE(expected[0] > 13.0);  // the -40 / 40 terms, not inf
  check_close(binary_crossentropy(tensor(y, {2, 3}), tensor(x, {2, 3}), true), expected);

  // y * (1 - ls) + 0.5 * ls.
  std::vector<float> p = {0.9f, 0.2f, 0.6f, 0.35f, 0.5f, 0.99f};
  check_close(BinaryCrossentropy({.label_smoothing = 0.2, .reduction = "none"})(tensor(y, {2, 3}), tensor(p, {2, 3})),
              ref_binary(as_double(y), p, 3, false, 0.2));
  check_close(binary_crossentropy(tensor(y, {2, 3}), tensor(x, {2, 3}), true, 0.3),
              ref_binary(as_double(y), x, 3, true, 0.3));
}

TEST_CASE("cross-entropy losses reject bad labels and shapes with clear errors", "[losses][crossentropy][errors]") {
  Tensor pred = tensor(kProbs, {4, 3});
  REQUIRE_THROWS_AS(sparse_categorical_crossentropy(Tensor::from_vector<std::int32_t>({2, 0, 3, 0}, {4}), pred),
                    ValueError);
  REQUIRE_THROWS_WITH(sparse_categorical_crossentropy(Tensor::from_vector<std::int32_t>({2, 0, 3, 0}, {4}), pred),
                      Catch::Contains("Label 3") && Catch::Contains("3 classes"));
  REQUIRE_THROWS_WITH(SparseCategoricalCrossentropy()(Tensor::from_vector<std::int32_t>({-1, 0, 1, 0}, {4}), pred),
                      Catch::Contains("Label -1") && Catch::Contains("3 classes"));
  REQUIRE_THROWS_WITH(sparse_categorical_crossentropy(tensor({0.5f, 0, 1, 0}, {4}), pred),
                      Catch::Contains("integers"));
  REQUIRE_THROWS_AS(sparse_categorical_crossentropy(Tensor::from_vector<std::int32_t>({0, 1, 2, 0, 1, 2, 0, 1}, {4, 2}),
                                                    pred),
                    ShapeError);
  REQUIRE_THROWS_WITH(categorical_crossentropy(Tensor::zeros({4, 2}), pred),
                      Catch::Contains("(4, 2)") && Catch::Contains("(4, 3)"));
  REQUIRE_THROWS_AS(CategoricalCrossentropy()(Tensor::from_vector<std::int32_t>({0, 1, 2, 0}, {4}), pred), ShapeError);
  REQUIRE_THROWS_WITH(binary_crossentropy(Tensor::zeros({4, 2}), pred),
                      Catch::Contains("(4, 2)") && Catch::Contains("(4, 3)"));
  REQUIRE_THROWS_WITH(BinaryCrossentropy()(Tensor::zeros({3, 3}), pred), Catch::Contains("batch sizes"));
  REQUIRE_THROWS_WITH(categorical_crossentropy(Tensor::zeros({4, 3}), pred, false, 0.0, 0),
                      Catch::Contains("last axis"));
}

TEST_CASE("cross-entropy losses have correct gradients", "[losses][crossentropy][gradients]") {
  Tensor labels = Tensor::from_vector<std::int32_t>({0, 2, 1, 2}, {4});
  Tensor onehot = tensor({1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, {4, 3});
  Tensor targets = tensor({1, 0, 0, 1, 1, 0, 0, 1, 0}, {3, 3});
  Tensor probs = random_probabilities({4, 3}, 3);
  Tensor logits = random_tensor({4, 3}, -2.0f, 2.0f, 4);
  SECTION("sparse, from probabilities and from logits") {
    SparseCategoricalCrossentropy loss;
    check_gradients([&](const std::vector<Tensor>& in) { return loss(labels, in[0]); }, {probs});
    SparseCategoricalCrossentropy per_sample({.from_logits = true, .reduction = "none"});
    check_gradients([&](const std::vector<Tensor>& in) { return per_sample(labels, in[0]); }, {logits});
  }
  SECTION("categorical, with label smoothing") {
    CategoricalCrossentropy loss({.label_smoothing = 0.1, .reduction = "none"});
    check_gradients([&](const std::vector<Tensor>& in) { return loss(onehot, in[0]); }, {probs});
    CategoricalCrossentropy logit_loss({.from_logits = true, .label_smoothing = 0.1});
    check_gradients([&](const std::vector<Tensor>& in) { return logit_loss(onehot, in[0]); }, {logits});
  }
  SECTION("binary, from probabilities and logits") {
    Tensor p = ops::sigmoid(random_tensor({3, 3}, -1.0f, 1.0f, 5)).clone();
    BinaryCrossentropy loss({.label_smoothing = 0.1, .reduction = "none"});
    check_gradients([&](const std::vector<Tensor>& in) { return loss(targets, in[0]); }, {p});
    BinaryCrossentropy logit_loss({.from_logits = true});
    check_gradients([&](const std::vector<Tensor>& in) { return logit_loss(targets, in[0]); },
                    {random_tensor({3, 3}, -3.0f, 3.0f, 6)});
  }
}
