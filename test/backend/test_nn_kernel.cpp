// The CPU neural-network kernels called directly: dropout masks (statistics, determinism),
// one_hot (label checks), pooling (argmax offsets, gradients overwrite their output) and
// softmax along a middle axis on a size split across threads.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"
#include "test/ops/reference.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

Backend& cpu() { return backend_for(kCpu); }

Tensor mask_of(std::int64_t n, float rate, std::uint64_t seed) {
  Tensor m({n});
  cpu().dropout_mask(m, rate, seed);
  return m;
}

}  // namespace

TEST_CASE("CPU dropout_mask drops `rate` of the elements and scales the rest", "[backend][cpu][dropout]") {
  const std::int64_t n = 100000;
  for (float rate : {0.1f, 0.3f, 0.5f, 0.9f}) {
    INFO("rate " << rate);
    std::vector<float> m = mask_of(n, rate, 42).to_vector<float>();
    const float kept_value = 1.0f / (1.0f - rate);
    std::int64_t zeros = 0;
    for (float v : m) {
      if (v == 0.0f) {
        ++zeros;
      } else {
        REQUIRE(v == kept_value);
      }
    }
    // The standard deviation of the fraction is at most 0.0016 for 100k draws.
    CHECK(static_cast<double>(zeros) / n == Approx(rate).margin(0.01));
  }
  std::vector<float> all = mask_of(1000, 0.0f, 3).to_vector<float>();
  CHECK(std::all_of(all.begin(), all.end(), [](float v) { return v == 1.0f; }));
}

TEST_CASE("CPU dropout_mask depends only on the seed and the element index", "[backend][cpu][dropout]") {
  const std::int64_t n = 100000;
  std::vector<float> a = mask_of(n, 0.3f, 7).to_vector<float>();
  CHECK(mask_of(n, 0.3f, 7).to_vector<float>() == a);
  // A shorter mask with the same seed is a prefix (no dependence on how work was split).
  std::vector<float> prefix = mask_of(1000, 0.3f, 7).to_vector<float>();
  CHECK(std::equal(prefix.begin(), prefix.end(), a.begin()));
  // Another seed gives an unrelated mask: two independent masks differ in 2 * 0.3 * 0.7 = 42%.
  std::vector<float> b = mask_of(n, 0.3f, 8).to_vector<float>();
  std::int64_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i] != b[i];
  CHECK(static_cast<double>(differ) / n == Approx(0.42).margin(0.01));
  // Neighbouring elements are not correlated: P(both dropped) is about 0.3^2.
  std::int64_t pairs = 0;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) pairs += a[i] == 0.0f && a[i + 1] == 0.0f;
  CHECK(static_cast<double>(pairs) / n == Approx(0.09).margin(0.01));
}

TEST_CASE("CPU one_hot encodes labels of any dtype and rejects bad ones", "[backend][cpu][one_hot]") {
  for (DType d : {int64, int32, uint8, float32, float64}) {
    INFO(dtype_name(d));
    Tensor labels = Tensor::from_vector(std::vector<double>{3, 0, 2}, {3}).astype(d);
    Tensor out = Tensor::full({3, 4}, 5.0);
    cpu().one_hot(labels, out);
    check_close(out, {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0}, 0, 0);
  }
  Tensor out({2, 4});
  REQUIRE_THROWS_AS(cpu().one_hot(Tensor::from_vector(std::vector<std::int64_t>{1, 4}, {2}), out), ValueError);
  REQUIRE_THROWS_WITH(cpu().one_hot(Tensor::from_vector(std::vector<std::int32_t>{1, 4}, {2}), out),
                      Catch::Contains("Label 4") && Catch::Contains("4 classes") && Catch::Contains("0..3"));
  REQUIRE_THROWS_WITH(cpu().one_hot(Tensor::from_vector(std::vector<std::int64_t>{-1, 0}, {2}), out),
                      Catch::Contains("Label -1"));
  REQUIRE_THROWS_WITH(cpu().one_hot(tensor({1.0f, 2.5f}, {2}), out), Catch::Contains("integers") &&
                                                                        Catch::Contains("2.5"));
}

TEST_CASE("CPU max pooling records the offset of the first maximum", "[backend][cpu][pool2d]") {
  // (4, 9, 7, 3) with values from a small set, so windows often hold ties; 'same' 3x3 / 2:
  // out 5x4 with one padding pixel on every side.
  std::vector<float> v = random_values(4 * 9 * 7 * 3, 0.0f, 4.0f, 2);
  for (float& e : v) e = std::floor(e);
  Tensor x = tensor(v, {4, 9, 7, 3});
  Window2D w;
  w.kernel_h = w.kernel_w = 3;
  w.stride_h = w.stride_w = 2;
  w.pad_top = w.pad_left = 1;
  w.out_h = 5;
  w.out_w = 4;
  Tensor y({4, 5, 4, 3}), arg({4, 5, 4, 3}, int32);
  cpu().pool2d(PoolMode::max, x, y, arg, w);
  check_close(y, ref::pool2d(x, true, 3, 3, 2, 2, true), 0, 0);
  std::vector<std::int32_t> va = arg.to_vector<std::int32_t>();
  std::vector<float> vy = y.to_vector<float>();
  const std::int64_t sample = 9 * 7 * 3;
  for (std::int64_t s = 0; s < 4; ++s)
    for (std::int64_t oy = 0; oy < 5; ++oy)
      for (std::int64_t ox = 0; ox < 4; ++ox)
        for (std::int64_t c = 0; c < 3; ++c) {
          auto o = static_cast<std::size_t>(((s * 5 + oy) * 4 + ox) * 3 + c);
          // The first in-bounds element in row-major window order that equals the maximum.
          std::int64_t first = -1;
          for (std::int64_t ky = 0; ky < 3 && first < 0; ++ky)
            for (std::int64_t kx = 0; kx < 3 && first < 0; ++kx) {
              std::int64_t iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
              if (iy < 0 || iy >= 9 || ix < 0 || ix >= 7) continue;
              std::int64_t off = (iy * 7 + ix) * 3 + c;
              if (v[static_cast<std::size_t>(s * sample + off)] == vy[o]) first = off;
            }
          REQUIRE(va[o] == first);
        }
}

TEST_CASE("CPU pooling gradients overwrite dx", "[backend][cpu][pool2d]") {
  // Average 2x2 / 1 'valid' over (3, 4, 5, 2): each input gets dy / 4 from every window holding it.
  Window2D w;
  w.kernel_h = w.kernel_w = 2;
  w.out_h = 3;
  w.out_w = 4;
  Tensor dy = random_tensor({3, 3, 4, 2}, -1.0f, 1.0f, 4);
  Tensor dx = Tensor::full({3, 4, 5, 2}, std::nan(""));
  cpu().pool2d_backward(PoolMode::average, dy, Tensor(), dx, w);
  std::vector<double> vdy = dy.to_vector<double>(), expected(static_cast<std::size_t>(dx.size()), 0.0);
  for (int s = 0; s < 3; ++s)
    for (int oy = 0; oy < 3; ++oy)
      for (int ox = 0; ox < 4; ++ox)
        for (int c = 0; c < 2; ++c)
          for (int ky = 0; ky < 2; ++ky)
            for (int kx = 0; kx < 2; ++kx)
              expected[static_cast<std::size_t>(((s * 4 + oy + ky) * 5 + ox + kx) * 2 + c)] +=
                  vdy[static_cast<std::size_t>(((s * 3 + oy) * 4 + ox) * 2 + c)] / 4.0;
  check_close(dx, expected, 1e-6, 1e-6);
  // Max: the gradient goes to the recorded offsets, accumulating where windows share one.
  Tensor arg = Tensor::zeros({3, 3, 4, 2}, int32);
  Tensor dmax = Tensor::full({3, 4, 5, 2}, std::nan(""));
  cpu().pool2d_backward(PoolMode::max, Tensor::ones({3, 3, 4, 2}), arg, dmax, w);
  std::vector<double> vm = dmax.to_vector<double>();
  for (std::size_t i = 0; i < vm.size(); ++i) REQUIRE(vm[i] == (i % 40 == 0 ? 24.0 : 0.0));
}

TEST_CASE("CPU softmax along a middle axis of a tensor split across threads", "[backend][cpu][softmax]") {
  Tensor x = random_tensor({300, 7, 40}, -5.0f, 5.0f, 8);
  Tensor y({300, 7, 40}), ly({300, 7, 40});
  cpu().softmax(x, y, 1, false);
  cpu().softmax(x, ly, 1, true);
  std::vector<double> vx = x.to_vector<double>(), vy = y.to_vector<double>(), vl = ly.to_vector<double>();
  for (std::size_t o = 0; o < 300; ++o) {
    for (std::size_t j = 0; j < 40; ++j) {
      double total = 0.0;
      for (std::size_t l = 0; l < 7; ++l) total += std::exp(vx[(o * 7 + l) * 40 + j]);
      for (std::size_t l = 0; l < 7; ++l) {
        std::size_t k = (o * 7 + l) * 40 + j;
        REQUIRE(vy[k] == Approx(std::exp(vx[k]) / total).margin(1e-6));
        REQUIRE(vl[k] == Approx(vx[k] - std::log(total)).margin(1e-5));
      }
    }
  }
}
