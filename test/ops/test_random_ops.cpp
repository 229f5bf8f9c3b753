// Random ops on the device (random_normal, random_uniform, dropout with a noise shape):
// moments over many draws, reproducibility from the seed, independence from how the work is
// split across threads, the dropout mask's broadcasting and gradient, and argument errors.

#include <catch2/catch.hpp>
#include <cmath>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

struct Moments {
  double mean = 0, stddev = 0, min = 1e300, max = -1e300;
};

Moments moments(const Tensor& t) {
  std::vector<double> v = t.to_vector<double>();
  Moments m;
  for (double x : v) {
    m.mean += x;
    m.min = std::min(m.min, x);
    m.max = std::max(m.max, x);
  }
  m.mean /= static_cast<double>(v.size());
  for (double x : v) m.stddev += (x - m.mean) * (x - m.mean);
  m.stddev = std::sqrt(m.stddev / static_cast<double>(v.size()));
  return m;
}

}  // namespace

TEST_CASE("random_normal has the requested mean and standard deviation", "[ops][random]") {
  Tensor t = ops::random_normal({400, 500}, 2.0f, 0.5f, 11);
  CHECK(t.shape() == Shape{400, 500});
  CHECK(t.dtype() == float32);
  Moments m = moments(t);
  // 200000 draws: the standard errors of the mean and of the stddev are about 0.0011 and 0.0008.
  CHECK(m.mean == Approx(2.0).margin(0.006));
  CHECK(m.stddev == Approx(0.5).margin(0.005));
  // Box-Muller on 32-bit uniforms reaches beyond 4 sigma in 200000 draws (p(|z| > 4) = 6.3e-5).
  CHECK(m.max > 2.0 + 4 * 0.5);
  CHECK(m.min < 2.0 - 4 * 0.5);
  // The fraction within one sigma is 68.27%.
  std::vector<float> v = t.to_vector<float>();
  double inside = 0;
  for (float x : v) inside += std::fabs(x - 2.0f) < 0.5f;
  CHECK(inside / static_cast<double>(v.size()) == Approx(0.6827).margin(0.005));
}

TEST_CASE("random_uniform covers [minval, maxval) evenly", "[ops][random]") {
  Tensor t = ops::random_uniform({200000}, -3.0f, 1.0f, 5);
  Moments m = moments(t);
  CHECK(m.min >= -3.0);
  CHECK(m.max < 1.0);
  CHECK(m.mean == Approx(-1.0).margin(0.01));
  CHECK(m.stddev == Approx(4.0 / std::sqrt(12.0)).margin(0.01));
  // Each quarter of the range holds a quarter of the draws.
  std::vector<float> v = t.to_vector<float>();
  std::vector<double> bins(4, 0.0);
  for (float x : v) bins[static_cast<std::size_t>(std::min(3.0f, x + 3.0f))] += 1;
  for (double b : bins) CHECK(b / static_cast<double>(v.size()) == Approx(0.25).margin(0.005));
  // Equal bounds give a constant.
  check_close(ops::random_uniform({5}, 2.0f, 2.0f, 1), std::vector<double>(5, 2.0), 0, 0);
}

TEST_CASE("Random tensors are reproducible from the seed and independent of the thread split", "[ops][random]") {
  CHECK(ops::random_normal({1000}, 0, 1, 42).to_vector<float>() ==
        ops::random_normal({1000}, 0, 1, 42).to_vector<float>());
  CHECK(ops::random_normal({1000}, 0, 1, 42).to_vector<float>() !=
        ops::random_normal({1000}, 0, 1, 43).to_vector<float>());
  CHECK(ops::random_uniform({1000}, 0, 1, 42).to_vector<float>() ==
        ops::random_uniform({1000}, 0, 1, 42).to_vector<float>());
  // Element i depends only on (seed, i): a small tensor (one serial chunk) is the prefix of a
  // large one (split across threads), and the shape does not matter.
  std::vector<float> small = ops::random_normal({100}, 0, 1, 9).to_vector<float>();
  std::vector<float> large = ops::random_normal({500, 400}, 0, 1, 9).to_vector<float>();
  CHECK(std::vector<float>(large.begin(), large.begin() + 100) == small);
  std::vector<float> u_small = ops::random_uniform({7, 3}, 0, 1, 9).to_vector<float>();
  std::vector<float> u_large = ops::random_uniform({300000}, 0, 1, 9).to_vector<float>();
  CHECK(std::vector<float>(u_large.begin(), u_large.begin() + 21) == u_small);
  // Neighbouring seeds give uncorrelated streams.
  std::vector<float> a = ops::random_normal({100000}, 0, 1, 1).to_vector<float>();
  std::vector<float> b = ops::random_normal({100000}, 0, 1, 2).to_vector<float>();
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  CHECK(std::fabs(dot / static_cast<double>(a.size())) < 0.015);
}

TEST_CASE("dropout with a noise shape drops whole slices", "[ops][random]") {
  Tensor x = Tensor::full({8, 5, 64}, 3.0);
  // (batch, 1, channels): a channel of a sample is kept or dropped at every step.
  std::vector<float> y = ops::dropout(x, 0.5f, Shape{8, 1, 64}, 77).to_vector<float>();
  std::size_t dropped = 0;
  for (std::int64_t b = 0; b < 8; ++b) {
    for (std::int64_t c = 0; c < 64; ++c) {
      float first = y[static_cast<std::size_t>(b * 5 * 64 + c)];
      CHECK((first == 0.0f || first == 6.0f));
      dropped += first == 0.0f;
      for (std::int64_t t = 1; t < 5; ++t) CHECK(y[static_cast<std::size_t>((b * 5 + t) * 64 + c)] == first);
    }
  }
  CHECK(static_cast<double>(dropped) / 512.0 == Approx(0.5).margin(0.1));
  // Rate 0 keeps everything; rate 1 drops everything.
  check_close(ops::dropout(x, 0.0f, Shape{8, 1, 64}, 1), x.to_vector<double>(), 0, 0);
  check_close(ops::dropout(x, 1.0f, Shape{8, 1, 64}, 1), std::vector<double>(static_cast<std::size_t>(x.size()), 0.0),
              0, 0);
}

TEST_CASE("dropout with a noise shape: the gradient is the broadcast mask", "[ops][random]") {
  Tensor x = Tensor::ones({4, 3, 10});
  Tensor y, grad;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    y = ops::dropout(x, 0.3f, Shape{4, 1, 10}, 5);
    grad = tape.gradient(ops::sum(y), {x})[0];
  }
  REQUIRE(grad.defined());
  // With x = 1 the output is the mask itself.
  check_close(grad, y.to_vector<double>(), 1e-6, 0);
}

TEST_CASE("Random ops reject bad arguments", "[ops][random][errors]") {
  REQUIRE_THROWS_WITH(ops::random_normal({3}, 0.0f, -1.0f), Catch::Contains("stddev=-1"));
  REQUIRE_THROWS_WITH(ops::random_normal({-1, 3}), Catch::Contains("random_normal") && Catch::Contains("(None, 3)"));
  REQUIRE_THROWS_WITH(ops::random_uniform({3}, 1.0f, 0.0f), Catch::Contains("minval <= maxval"));
  REQUIRE_THROWS_AS(ops::random_uniform({3}, 0.0f, INFINITY), ValueError);
  Tensor x = Tensor::ones({2, 3, 4});
  REQUIRE_THROWS_WITH(ops::dropout(x, 0.5f, Shape{2, 2, 4}, 1),
                      Catch::Contains("noise_shape (2, 2, 4)") && Catch::Contains("(2, 3, 4)"));
  REQUIRE_THROWS_WITH(ops::dropout(x, 0.5f, Shape{2, 4}, 1), Catch::Contains("noise_shape (2, 4)"));
  REQUIRE_THROWS_WITH(ops::dropout(x, 1.5f, Shape{2, 1, 4}, 1), Catch::Contains("rate=1.5"));
}
