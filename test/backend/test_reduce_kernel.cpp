// The CPU reduction kernels called directly: sum and max over contiguous and non-contiguous
// axis sets, every work-splitting path (one long run, many rows, few rows with a wide inner
// axis), argmax's first-maximum rule and broadcast_to.

#include <catch2/catch.hpp>
#include <string>

#include "libkeras/backend/backend.h"
#include "test/ops/reference.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

Backend& cpu() { return backend_for(kCpu); }

Tensor reduce(ReduceOp op, const Tensor& x, const std::vector<int>& axes) {
  Shape kept = x.shape();
  for (int a : axes) kept[a] = 1;
  Tensor out = Tensor::full(kept, std::nan(""));
  cpu().reduce(op, x, axes, out);
  return out;
}

std::string describe(const Shape& s, const std::vector<int>& axes) {
  std::string d = s.to_string() + " axes {";
  for (int a : axes) d += std::to_string(a) + ",";
  return d + "}";
}

}  // namespace

TEST_CASE("CPU reduce over every kind of axis set of a 4-D tensor", "[backend][cpu][reduce]") {
  Tensor x = random_tensor({3, 4, 5, 6}, -2.0f, 2.0f, 1);
  const std::vector<std::vector<int>> axis_sets = {{0},       {1},       {3},       {0, 1},    {2, 3},
                                                   {1, 2},    {0, 2},    {1, 3},    {0, 3},    {0, 2, 3},
                                                   {0, 1, 3}, {1, 2, 3}, {0, 1, 2}, {0, 1, 2, 3}};
  for (const auto& axes : axis_sets) {
    INFO(describe(x.shape(), axes));
    check_close(reduce(ReduceOp::sum, x, axes), ref::reduce(x, axes, false), 1e-5, 1e-5);
    check_close(reduce(ReduceOp::max, x, axes), ref::reduce(x, axes, true), 0, 0);
  }
}

TEST_CASE("CPU reduce on sizes that split the work across threads", "[backend][cpu][reduce]") {
  struct Case {
    Shape shape;
    std::vector<int> axes;
  };
  // One 100003-element run (per-thread partial sums); many short rows; one row with a wide
  // inner axis (split along it); many rows with an inner axis; and two separate runs.
  const std::vector<Case> cases = {
      {{100003}, {0}},      {{7, 100003}, {0, 1}}, {{5000, 37}, {1}},       {{500, 301}, {0}},
      {{64, 300, 20}, {1}}, {{3, 400, 50}, {1}},   {{40, 30, 20, 10}, {0, 2}}, {{2, 9, 4099}, {0, 2}},
  };
  unsigned seed = 10;
  for (const auto& c : cases) {
    INFO(describe(c.shape, c.axes));
    Tensor x = random_tensor(c.shape, -1.0f, 1.0f, seed++);
    check_close(reduce(ReduceOp::sum, x, c.axes), ref::reduce(x, c.axes, false), 2e-3, 1e-5);
    check_close(reduce(ReduceOp::max, x, c.axes), ref::reduce(x, c.axes, true), 0, 0);
  }
}

TEST_CASE("CPU reduce of all-negative values and with no axes", "[backend][cpu][reduce]") {
  // The max starts from -inf, not 0.
  Tensor neg = tensor({-5, -3, -4, -9, -8, -7}, {2, 3});
  check_close(reduce(ReduceOp::max, neg, {1}), {-3, -7});
  check_close(reduce(ReduceOp::max, neg, {0, 1}), {-3});
  // No axes: a copy.
  Tensor out = Tensor::zeros({2, 3});
  cpu().reduce(ReduceOp::sum, neg, {}, out);
  check_close(out, neg, 0, 0);
}

TEST_CASE("CPU argmax picks the first maximum along any axis", "[backend][cpu][argmax]") {
  // Few distinct values so that ties are common.
  std::vector<float> v = random_values(4 * 5 * 6, 0.0f, 3.0f, 5);
  for (float& e : v) e = std::floor(e);
  Tensor x = tensor(v, {4, 5, 6});
  for (int axis = 0; axis < 3; ++axis) {
    INFO("axis " << axis);
    std::vector<std::int64_t> dims = x.shape().dims();
    std::int64_t len = dims[static_cast<std::size_t>(axis)];
    dims.erase(dims.begin() + axis);
    Tensor out(Shape(dims), int64);
    cpu().argmax(x, axis, out);
    std::vector<std::int64_t> got = out.to_vector<std::int64_t>();
    std::vector<std::int64_t> st = ref::strides_of(x.shape());
    std::int64_t step = st[static_cast<std::size_t>(axis)];
    std::size_t o = 0;
    for (std::int64_t i = 0; i < x.size(); ++i) {
      if ((i / step) % len != 0) continue;  // i starts a line along `axis`, in output order
      std::int64_t best = 0;
      for (std::int64_t l = 1; l < len; ++l) {
        if (v[static_cast<std::size_t>(i + l * step)] > v[static_cast<std::size_t>(i + best * step)]) best = l;
      }
      REQUIRE(got[o++] == best);
    }
    CHECK(o == got.size());
  }
  Tensor ties = tensor({2, 7, 7, 1, 7}, {5});
  Tensor out(Shape{}, int64);
  cpu().argmax(ties, 0, out);
  CHECK(out.item() == 1);
}

TEST_CASE("CPU broadcast_to repeats dimensions of size one", "[backend][cpu][broadcast]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {3, 1, 2});
  Tensor out({3, 4, 2});
  cpu().broadcast_to(x, out);
  std::vector<double> expected;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 2; ++k) expected.push_back(2 * i + k + 1);
  check_close(out, expected, 0, 0);
  Tensor col = random_tensor({1, 301, 1}, -1.0f, 1.0f, 3);
  Tensor wide({257, 301, 3});
  cpu().broadcast_to(col, wide);
  std::vector<double> vc = col.to_vector<double>(), vw = wide.to_vector<double>();
  for (std::size_t i = 0; i < vw.size(); ++i) REQUIRE(vw[i] == vc[(i / 3) % 301]);
}
