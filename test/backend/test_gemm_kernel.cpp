// The CPU matmul kernel called directly: products large enough to be split across threads
// (row blocks when m >= n, column blocks otherwise) against a naive loop, for every transpose
// combination, with alpha and beta.

#include <catch2/catch.hpp>
#include <string>

#include "libkeras/backend/backend.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

Backend& cpu() { return backend_for(kCpu); }

// alpha * op(a) . op(b) + beta * c0 in double.
std::vector<double> naive_gemm(const Tensor& a, bool ta, const Tensor& b, bool tb, const Tensor& c0, double alpha,
                               double beta) {
  std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>(), vc = c0.to_vector<double>();
  const std::int64_t m = c0.dim(0), n = c0.dim(1), k = ta ? a.dim(0) : a.dim(1);
  std::vector<double> out(vc.size());
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (std::int64_t p = 0; p < k; ++p) {
        double av = ta ? va[static_cast<std::size_t>(p * m + i)] : va[static_cast<std::size_t>(i * k + p)];
        double bv = tb ? vb[static_cast<std::size_t>(j * k + p)] : vb[static_cast<std::size_t>(p * n + j)];
        s += av * bv;
      }
      auto o = static_cast<std::size_t>(i * n + j);
      out[o] = alpha * s + beta * vc[o];
    }
  }
  return out;
}

struct GemmCase {
  std::int64_t m, k, n;
  float alpha, beta;
};

}  // namespace

TEST_CASE("CPU matmul matches a naive product, split across threads or not", "[backend][cpu][matmul]") {
  // 300x200x150 (row blocks), 150x200x300 (column blocks), odd sizes that do not divide into
  // blocks evenly, and a product too small to be split.
  const std::vector<GemmCase> cases = {
      {300, 200, 150, 1.0f, 0.0f}, {150, 200, 300, 1.0f, 0.0f}, {301, 97, 203, 0.5f, 2.0f},
      {67, 131, 509, -1.0f, 1.0f}, {5, 3, 4, 2.0f, 0.5f},
  };
  unsigned seed = 1;
  for (const auto& c : cases) {
    for (bool ta : {false, true}) {
      for (bool tb : {false, true}) {
        INFO(c.m << "x" << c.k << "x" << c.n << " transpose_a=" << ta << " transpose_b=" << tb << " alpha=" << c.alpha
                 << " beta=" << c.beta);
        Tensor a = random_tensor(ta ? Shape{c.k, c.m} : Shape{c.m, c.k}, -1.0f, 1.0f, seed++);
        Tensor b = random_tensor(tb ? Shape{c.n, c.k} : Shape{c.k, c.n}, -1.0f, 1.0f, seed++);
        Tensor c0 = random_tensor({c.m, c.n}, -1.0f, 1.0f, seed++);
        Tensor out = c0.clone();
        cpu().matmul(a, ta, b, tb, out, c.alpha, c.beta);
        check_close(out, naive_gemm(a, ta, b, tb, c0, c.alpha, c.beta), 1e-4, 1e-5);
      }
    }
  }
}

TEST_CASE("CPU matmul with an empty inner dimension scales C by beta", "[backend][cpu][matmul]") {
  Tensor a = Tensor::zeros({2, 0}), b = Tensor::zeros({0, 3});
  Tensor c = tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  cpu().matmul(a, false, b, false, c, 1.0f, 0.5f);
  check_close(c, {0.5, 1, 1.5, 2, 2.5, 3});
  // beta = 0 ignores C's previous contents, even NaN (BLAS semantics).
  c.fill(std::nan(""));
  cpu().matmul(a, false, b, false, c, 1.0f, 0.0f);
  check_close(c, std::vector<double>(6, 0.0));
}

TEST_CASE("CPU matmul with beta = 0 ignores the previous contents of C", "[backend][cpu][matmul]") {
  Tensor a = random_tensor({300, 200}, -1.0f, 1.0f, 90), b = random_tensor({200, 150}, -1.0f, 1.0f, 91);
  Tensor zero = Tensor::zeros({300, 150});
  Tensor out = Tensor::full({300, 150}, std::nan(""));
  cpu().matmul(a, false, b, false, out, 1.0f, 0.0f);
  check_close(out, naive_gemm(a, false, b, false, zero, 1.0, 0.0), 1e-4, 1e-5);
}
