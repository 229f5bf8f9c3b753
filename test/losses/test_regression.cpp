#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "losses/regression.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::losses;
using namespace keras::testing;

namespace {

// f(e) averaged over the last axis, e = y_pred - y_true.
std::vector<double> ref_mean_last(const std::vector<float>& y, const std::vector<float>& p, int last,
                                  const std::function<double(double)>& f) {
  std::vector<double> out;
  for (std::size_t r = 0; r * last < p.size(); ++r) {
    double s = 0.0;
    for (int c = 0; c < last; ++c) s += f(double(p[r * last + c]) - double(y[r * last + c]));
    out.push_back(s / last);
  }
  return out;
}

std::function<double(double)> huber_of(double delta) {
  return [delta](double e) {
    double a = std::fabs(e);
    return a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
  };
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

const std::vector<float> kTrue = {0.0f, 1.0f, -2.0f, 0.5f, 3.0f, -1.0f};
const std::vector<float> kPred = {0.5f, -1.0f, -2.25f, 2.0f, 2.9f, 1.5f};

}  // namespace

TEST_CASE("mean_squared_error and mean_absolute_error average over the last axis", "[losses][regression]") {
  Tensor y = tensor(kTrue, {2, 3}), p = tensor(kPred, {2, 3});
  auto sq = [](double e) { return e * e; };
  auto ab = [](double e) { return std::fabs(e); };
  check_close(mean_squared_error(y, p), ref_mean_last(kTrue, kPred, 3, sq));
  check_close(mean_absolute_error(y, p), ref_mean_last(kTrue, kPred, 3, ab));
  // By hand: row 0 errors (0.5, -2, -0.25) -> mse (0.25 + 4 + 0.0625)/3, mae 2.75/3.
  check_close(mean_squared_error(y, p).slice(0, 1), {4.3125 / 3.0});
  check_close(mean_absolute_error(y, p).slice(0, 1), {2.75 / 3.0});

  CHECK(MeanSquaredError()(y, p).item() == Approx(mean(ref_mean_last(kTrue, kPred, 3, sq))).epsilon(1e-6));
  CHECK(MeanAbsoluteError()(y, p).item() == Approx(mean(ref_mean_last(kTrue, kPred, 3, ab))).epsilon(1e-6));
  CHECK(MeanSquaredError().name() == "mean_squared_error");
  CHECK(MeanAbsoluteError().name() == "mean_absolute_error");

  // (N,) targets against (N, 1) predictions, and integer targets.
  Tensor out = mean_squared_error(tensor({1, 2, 3}, {3}), tensor({1.5f, 2, 1}, {3, 1}));
  REQUIRE(out.shape() == Shape{3});
  check_close(out, {0.25, 0.0, 4.0});
  check_close(mean_absolute_error(Tensor::from_vector<std::int32_t>({1, 2, 3}, {3, 1}), tensor({1.5f, 2, 1}, {3})),
              {0.5, 0.0, 2.0});
}

TEST_CASE("huber is quadratic within delta and linear beyond", "[losses][regression]") {
  Tensor y = tensor(kTrue, {2, 3}), p = tensor(kPred, {2, 3});
  check_close(huber(y, p), ref_mean_last(kTrue, kPred, 3, huber_of(1.0)));
  check_close(huber(y, p, 0.4), ref_mean_last(kTrue, kPred, 3, huber_of(0.4)));
  check_close(huber(y, p, 3.0), ref_mean_last(kTrue, kPred, 3, huber_of(3.0)));
  // Row 0 with delta 1: 0.5*0.25 + (2 - 0.5) + 0.5*0.0625 = 1.65625, / 3.
  check_close(huber(y, p).slice(0, 1), {1.65625 / 3.0});

  Huber loss({.delta = 0.4});
  CHECK(loss.name() == "huber_loss");
  CHECK(loss(y, p).item() == Approx(mean(ref_mean_last(kTrue, kPred, 3, huber_of(0.4)))).epsilon(1e-6));
  CHECK(loss.get_config()["delta"].get<double>() == 0.4);
  REQUIRE_THROWS_WITH(Huber({.delta = 0.0}), Catch::Contains("delta"));
}

TEST_CASE("regression losses reject mismatched shapes", "[losses][regression][errors]") {
  REQUIRE_THROWS_AS(mean_squared_error(Tensor::zeros({2, 3}), Tensor::zeros({2, 4})), ShapeError);
  REQUIRE_THROWS_WITH(mean_absolute_error(Tensor::zeros({2, 3}), Tensor::zeros({2, 4})),
                      Catch::Contains("mean_absolute_error") && Catch::Contains("(2, 3)") &&
                          Catch::Contains("(2, 4)"));
  REQUIRE_THROWS_WITH(Huber()(Tensor::zeros({2, 2}), Tensor::zeros({2, 3})), Catch::Contains("huber"));
  REQUIRE_THROWS_AS(MeanSquaredError()(Tensor::zeros({3, 2}), Tensor::zeros({2, 2})), ShapeError);
}

TEST_CASE("regression losses have correct gradients", "[losses][regression][gradients]") {
  // |errors| stay >= 0.1 away from 0 (MAE's kink) and from delta (Huber's switch).
  Tensor y = tensor({0.0f, 1.0f, -2.0f, 0.5f, 3.0f, -1.0f, 0.2f, 0.4f}, {4, 2});
  Tensor p = tensor({0.3f, -1.0f, -2.25f, 2.0f, 2.8f, 1.5f, 0.9f, -0.4f}, {4, 2});
  Tensor w = tensor({1.0f, 0.5f, 2.0f, 0.0f}, {4});
  SECTION("mse") {
    MeanSquaredError loss;
    check_gradients([&](const std::vector<Tensor>& in) { return loss(y, in[0]); }, {p.clone()});
    MeanSquaredError summed({.reduction = "sum"});
    check_gradients([&](const std::vector<Tensor>& in) { return summed(y, in[0], w); }, {p.clone()});
  }
  SECTION("mae") {
    MeanAbsoluteError loss({.reduction = "none"});
    check_gradients([&](const std::vector<Tensor>& in) { return loss(y, in[0]); }, {p.clone()});
  }
  SECTION("huber") {
    Huber loss({.delta = 0.5, .reduction = "none"});
    check_gradients([&](const std::vector<Tensor>& in) { return loss(y, in[0]); }, {p.clone()});
    Huber weighted({.delta = 1.0, .reduction = "mean_with_sample_weight"});
    check_gradients([&](const std::vector<Tensor>& in) { return weighted(y, in[0], w); }, {p.clone()});
  }
}
