// MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCosh and CosineSimilarity,
// checked against values worked out by hand from Keras' formulas.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "losses/regression.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::losses;
using namespace keras::testing;

TEST_CASE("mean_absolute_percentage_error is 100 * mean |(t - p) / t|", "[losses][regression]") {
  Tensor y = tensor({1, 2, -4, 0.5f}, {2, 2}), p = tensor({1.5f, 1, -3, 1}, {2, 2});
  // Row 0: |-0.5/1| and |1/2| -> 50; row 1: |-1/4| and |-0.5/0.5| -> 62.5.
  check_close(mean_absolute_percentage_error(y, p), {50.0, 62.5}, 1e-4);
  MeanAbsolutePercentageError loss;
  CHECK(loss.name() == "mean_absolute_percentage_error");
  CHECK(loss(y, p).item() == Approx(56.25));
  // Weighted 2 and 0.5, divided by the batch size: (100 + 31.25) / 2.
  CHECK(loss(y, p, tensor({2, 0.5f}, {2})).item() == Approx(65.625));
  // A zero target divides by epsilon instead of zero: large but finite.
  check_close(mean_absolute_percentage_error(tensor({0}, {1, 1}), tensor({1e-7f}, {1, 1})), {100.0}, 1e-3);
}

TEST_CASE("mean_squared_logarithmic_error floors both sides at epsilon before log1p", "[losses][regression]") {
  Tensor y = tensor({0, 1, 3, -1}, {2, 2}), p = tensor({1, 1, 0, 2}, {2, 2});
  double eps = 1e-7, l2 = std::log(2.0), l3 = std::log(3.0), l4 = std::log(4.0), le = std::log(1 + eps);
  // Row 0: (log 2 - log(1 + eps))^2 and 0; row 1: (log(1 + eps) - log 4)^2 and (log 3 - log(1 + eps))^2.
  std::vector<double> want = {(l2 - le) * (l2 - le) / 2, ((le - l4) * (le - l4) + (l3 - le) * (l3 - le)) / 2};
  check_close(mean_squared_logarithmic_error(y, p), want, 1e-5);
  MeanSquaredLogarithmicError loss;
  CHECK(loss.name() == "mean_squared_logarithmic_error");
  CHECK(loss(y, p).item() == Approx((want[0] + want[1]) / 2).epsilon(1e-5));
}

TEST_CASE("log_cosh is mean log(cosh(p - t)) and stays finite for large errors", "[losses][regression]") {
  Tensor y = tensor({0, 1, -2, 0.5f}, {2, 2}), p = tensor({0.5f, -1, -2.25f, 2}, {2, 2});
  auto lc = [](double e) { return std::log(std::cosh(e)); };
  check_close(log_cosh(y, p), {(lc(0.5) + lc(-2.0)) / 2, (lc(-0.25) + lc(1.5)) / 2}, 1e-5);
  CHECK(LogCosh().name() == "log_cosh");
  // cosh(200) overflows float; log cosh(e) ~ |e| - log 2 there.
  check_close(log_cosh(tensor({0}, {1, 1}), tensor({200}, {1, 1})), {200.0 - std::log(2.0)}, 1e-3);
  check_close(log_cosh(tensor({0}, {1, 1}), tensor({-200}, {1, 1})), {200.0 - std::log(2.0)}, 1e-3);
}

TEST_CASE("cosine_similarity is minus the cosine along the axis", "[losses][regression]") {
  Tensor y = tensor({3, 4, 1, 1, 0, 0}, {3, 2}), p = tensor({4, 3, -2, -2, 1, 2}, {3, 2});
  // (3,4).(4,3) / 25 = 0.96; (1,1) and (-2,-2) point opposite ways; a zero vector gives 0.
  check_close(cosine_similarity(y, p), {-0.96, 1.0, 0.0}, 1e-6);
  CosineSimilarity loss;
  CHECK(loss.name() == "cosine_similarity");
  CHECK(loss.get_config()["axis"].get<int>() == -1);
  CHECK(loss(y, p).item() == Approx(0.04 / 3));
  // axis 0 on the transposed layout gives the same per-vector values.
  Tensor yt = tensor({3, 1, 0, 4, 1, 0}, {2, 3}), pt = tensor({4, -2, 1, 3, -2, 2}, {2, 3});
  check_close(cosine_similarity(yt, pt, 0), {-0.96, 1.0, 0.0}, 1e-6);
  check_close(CosineSimilarity({.axis = 0, .reduction = "none"})(yt, pt), {-0.96, 1.0, 0.0}, 1e-6);
}

TEST_CASE("the extra regression losses reject mismatched shapes", "[losses][regression][errors]") {
  Tensor a = Tensor::zeros({2, 3}), b = Tensor::zeros({2, 4});
  REQUIRE_THROWS_WITH(mean_absolute_percentage_error(a, b),
                      Catch::Contains("mean_absolute_percentage_error") && Catch::Contains("(2, 4)"));
  REQUIRE_THROWS_AS(mean_squared_logarithmic_error(a, b), ShapeError);
  REQUIRE_THROWS_AS(log_cosh(a, b), ShapeError);
  REQUIRE_THROWS_AS(cosine_similarity(a, b), ShapeError);
}

TEST_CASE("the extra regression losses have correct gradients", "[losses][regression][gradients]") {
  // Errors stay away from 0 (MAPE's kink); predictions stay positive (MSLE's floor).
  Tensor y = tensor({0.5f, 1.0f, 2.0f, 0.5f, 3.0f, -1.0f, 0.2f, 0.4f}, {4, 2});
  Tensor p = tensor({0.3f, 1.5f, 1.2f, 2.0f, 2.5f, 0.5f, 0.9f, 0.1f}, {4, 2});
  Tensor w = tensor({1.0f, 0.5f, 2.0f, 0.0f}, {4});
  auto check = [&](const Loss& loss, bool weighted) {
    check_gradients([&](const std::vector<Tensor>& in) { return weighted ? loss(y, in[0], w) : loss(y, in[0]); },
                    {p.clone()});
  };
  SECTION("mape") { check(MeanAbsolutePercentageError({.reduction = "none"}), false); }
  SECTION("msle") { check(MeanSquaredLogarithmicError(), true); }
  SECTION("log_cosh") { check(LogCosh({.reduction = "sum"}), true); }
  SECTION("cosine_similarity") {
    check(CosineSimilarity(), false);
    check(CosineSimilarity({.axis = 0, .reduction = "none"}), false);
  }
}
