// matmul with every transpose combination: values against a naive triple loop, gradients
// against finite differences, and shape errors naming both operands.

#include <catch2/catch.hpp>
#include <string>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

// op(a) (m, k) . op(b) (k, n) in double, reading the stored (possibly transposed) layouts.
std::vector<double> naive_matmul(const Tensor& a, bool ta, const Tensor& b, bool tb) {
  std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>();
  std::int64_t m = ta ? a.dim(1) : a.dim(0), k = ta ? a.dim(0) : a.dim(1), n = tb ? b.dim(0) : b.dim(1);
  auto at = [&](std::int64_t i, std::int64_t p) { return ta ? va[static_cast<std::size_t>(p * m + i)] : va[static_cast<std::size_t>(i * k + p)]; };
  auto bt = [&](std::int64_t p, std::int64_t j) { return tb ? vb[static_cast<std::size_t>(j * k + p)] : vb[static_cast<std::size_t>(p * n + j)]; };
  std::vector<double> c;
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (std::int64_t p = 0; p < k; ++p) s += at(i, p) * bt(p, j);
      c.push_back(s);
    }
  }
  return c;
}

}  // namespace

TEST_CASE("matmul matches a naive product for every transpose combination", "[ops][linalg]") {
  const std::int64_t m = 3, k = 4, n = 5;
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      INFO("transpose_a=" << ta << " transpose_b=" << tb);
      Tensor a = random_tensor(ta ? Shape{k, m} : Shape{m, k}, -1.0f, 1.0f, 1 + ta);
      Tensor b = random_tensor(tb ? Shape{n, k} : Shape{k, n}, -1.0f, 1.0f, 3 + tb);
      Tensor c = ops::matmul(a, b, ta, tb);
      REQUIRE(c.shape() == Shape{m, n});
      check_close(c, naive_matmul(a, ta, b, tb), 1e-5, 1e-5);
    }
  }
}

TEST_CASE("matmul at hand-derived points", "[ops][linalg]") {
  Tensor a = tensor({1, 2, 3, 4}, {2, 2}), b = tensor({5, 6, 7, 8}, {2, 2});
  check_close(ops::matmul(a, b), {19, 22, 43, 50});
  check_close(ops::matmul(a, b, true), {26, 30, 38, 44});        // [[1,3],[2,4]] . b
  check_close(ops::matmul(a, b, false, true), {17, 23, 39, 53});  // a . [[5,7],[6,8]]
  check_close(ops::matmul(a, b, true, true), {23, 31, 34, 46});
  // A row times a column, and integer operands promoted to float32.
  Tensor row = Tensor::from_vector(std::vector<std::int32_t>{1, 2, 3}, {1, 3});
  Tensor col = tensor({4, 5, 6}, {3, 1});
  Tensor dot = ops::matmul(row, col);
  CHECK(dot.dtype() == float32);
  check_close(dot, {32});
  // An empty inner dimension gives zeros.
  check_close(ops::matmul(Tensor::zeros({2, 0}), Tensor::zeros({0, 3})), std::vector<double>(6, 0.0));
}

TEST_CASE("matmul gradients match finite differences for every transpose combination", "[ops][linalg][grad]") {
  const std::int64_t m = 3, k = 4, n = 2;
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      INFO("transpose_a=" << ta << " transpose_b=" << tb);
      Tensor a = random_tensor(ta ? Shape{k, m} : Shape{m, k}, -1.0f, 1.0f, 11 + ta);
      Tensor b = random_tensor(tb ? Shape{n, k} : Shape{k, n}, -1.0f, 1.0f, 13 + tb);
      check_gradients([ta, tb](const std::vector<Tensor>& in) { return ops::matmul(in[0], in[1], ta, tb); }, {a, b});
    }
  }
}

TEST_CASE("matmul gradient with one operand tracked", "[ops][linalg][grad]") {
  Tensor a = tensor({1, 2, 3, 4, 5, 6}, {2, 3}), w = tensor({1, -1, 2}, {3, 1});
  autograd::GradientTape tape;
  tape.watch(w);
  // d/dw sum(a . w) = column sums of a; a itself is untracked.
  auto g = tape.gradient(ops::matmul(a, w), {w, a});
  check_close(g[0], {5, 7, 9});
  CHECK_FALSE(g[1].defined());
}

TEST_CASE("matmul shape errors name both operands", "[ops][linalg][errors]") {
  REQUIRE_THROWS_AS(ops::matmul(Tensor::zeros({2, 3}), Tensor::zeros({4, 5})), ShapeError);
  REQUIRE_THROWS_WITH(ops::matmul(Tensor::zeros({2, 3}), Tensor::zeros({4, 5})),
                      Catch::Contains("(2, 3)") && Catch::Contains("(4, 5)"));
  REQUIRE_THROWS_WITH(ops::matmul(Tensor::zeros({3, 2}), Tensor::zeros({3, 4}), false, true),
                      Catch::Contains("(3, 2)") && Catch::Contains("(3, 4)^T"));
  REQUIRE_THROWS_WITH(ops::matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({5, 6})),
                      Catch::Contains("(2, 3, 4)") && Catch::Contains("(5, 6)"));
  REQUIRE_THROWS_WITH(ops::matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({3, 4, 5})), Catch::Contains("batch dimensions"));
  REQUIRE_THROWS_AS(ops::matmul(Tensor::zeros({3}), Tensor::zeros({3, 1})), ShapeError);
}
