// The CPU elementwise kernels called directly: broadcasting binary ops and their gradients on
// odd shapes (including sizes split across threads), casts between every pair of dtypes,
// fill, and take_rows.

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"
#include "test/ops/reference.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

Backend& cpu() { return backend_for(kCpu); }

struct ShapeCase {
  Shape a, b, out;
};

// Broadcasting on both sides and in alternating dims, rank differences, scalars, and sizes
// over the parallel threshold (2 x 32768 elements) in both the flat and the row-wise paths.
const std::vector<ShapeCase> kShapes = {
    {{3, 1, 5, 1}, {1, 7, 1, 2}, {3, 7, 5, 2}},
    {{5, 7}, {7}, {5, 7}},
    {{1}, {4, 3}, {4, 3}},
    {{}, {2, 3}, {2, 3}},
    {{2, 3, 1}, {3, 4}, {2, 3, 4}},
    {{300, 257}, {257}, {300, 257}},
    {{257, 1}, {1, 301}, {257, 301}},
    {{70001}, {70001}, {70001}},
    {{70001}, {}, {70001}},
    {{3, 1, 23000}, {1, 2, 23000}, {3, 2, 23000}},
};

std::string describe(const ShapeCase& c) { return c.a.to_string() + " with " + c.b.to_string(); }

struct OpRef {
  BinaryOp op;
  const char* name;
  double (*f)(double, double);
};

const std::vector<OpRef> kOps = {
    {BinaryOp::add, "add", [](double a, double b) { return a + b; }},
    {BinaryOp::sub, "sub", [](double a, double b) { return a - b; }},
    {BinaryOp::mul, "mul", [](double a, double b) { return a * b; }},
    {BinaryOp::div, "div", [](double a, double b) { return a / b; }},
    {BinaryOp::maximum, "maximum", [](double a, double b) { return std::max(a, b); }},
    {BinaryOp::minimum, "minimum", [](double a, double b) { return std::min(a, b); }},
    {BinaryOp::pow, "pow", [](double a, double b) { return std::pow(a, b); }},
    {BinaryOp::equal, "equal", [](double a, double b) { return a == b ? 1.0 : 0.0; }},
    {BinaryOp::greater, "greater", [](double a, double b) { return a > b ? 1.0 : 0.0; }},
    {BinaryOp::less, "less", [](double a, double b) { return a < b ? 1.0 : 0.0; }},
};

// Positive values on a coarse grid: pow stays real and comparisons see ties.
Tensor operand(const Shape& s, unsigned seed) {
  std::vector<float> v = random_values(static_cast<std::size_t>(s.size()), 0.5f, 2.5f, seed);
  for (float& x : v) x = std::round(x * 4.0f) / 4.0f;
  return Tensor::from_vector(v, s);
}

}  // namespace

TEST_CASE("CPU binary ops broadcast on odd shapes", "[backend][cpu][binary]") {
  unsigned seed = 1;
  for (const auto& c : kShapes) {
    Tensor a = operand(c.a, seed++), b = operand(c.b, seed++);
    for (const auto& op : kOps) {
      INFO(op.name << " " << describe(c));
      Tensor out = Tensor::full(c.out, std::nan(""));
      cpu().binary(op.op, a, b, out);
      check_close(out, ref::broadcast_apply(a, b, c.out, op.f), 1e-6, 1e-5);
    }
  }
}

TEST_CASE("CPU binary_backward sums gradients to each operand's shape", "[backend][cpu][binary]") {
  // d/da and d/db of the ops with non-trivial partials, by the chain rule in double.
  struct Partials {
    BinaryOp op;
    const char* name;
    double (*da)(double, double);
    double (*db)(double, double);
  };
  const std::vector<Partials> partials = {
      {BinaryOp::add, "add", [](double, double) { return 1.0; }, [](double, double) { return 1.0; }},
      {BinaryOp::sub, "sub", [](double, double) { return 1.0; }, [](double, double) { return -1.0; }},
      {BinaryOp::mul, "mul", [](double, double b) { return b; }, [](double a, double) { return a; }},
      {BinaryOp::div, "div", [](double, double b) { return 1.0 / b; }, [](double a, double b) { return -a / (b * b); }},
      {BinaryOp::pow, "pow", [](double a, double b) { return b * std::pow(a, b - 1.0); },
       [](double a, double b) { return std::pow(a, b) * std::log(a); }},
  };
  unsigned seed = 50;
  for (const auto& c : kShapes) {
    Tensor a = random_tensor(c.a, 0.5f, 1.5f, seed++), b = random_tensor(c.b, 0.5f, 1.5f, seed++);
    Tensor dout = random_tensor(c.out, -1.0f, 1.0f, seed++);
    std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>(), vd = dout.to_vector<double>();
    std::vector<std::int64_t> os = ref::strides_of(c.out), as = ref::broadcast_strides(c.out, c.a),
                              bs = ref::broadcast_strides(c.out, c.b);
    for (const auto& p : partials) {
      INFO(p.name << " " << describe(c));
      std::vector<double> ga(va.size(), 0.0), gb(vb.size(), 0.0);
      for (std::int64_t i = 0; i < c.out.size(); ++i) {
        auto ia = static_cast<std::size_t>(ref::broadcast_index(c.out, os, as, i));
        auto ib = static_cast<std::size_t>(ref::broadcast_index(c.out, os, bs, i));
        ga[ia] += vd[static_cast<std::size_t>(i)] * p.da(va[ia], vb[ib]);
        gb[ib] += vd[static_cast<std::size_t>(i)] * p.db(va[ia], vb[ib]);
      }
      Tensor grad_a = Tensor::full(c.a, std::nan("")), grad_b = Tensor::full(c.b, std::nan(""));
      cpu().binary_backward(p.op, 0, a, b, dout, grad_a);
      cpu().binary_backward(p.op, 1, a, b, dout, grad_b);
      check_close(grad_a, ga, 2e-3, 1e-4);
      check_close(grad_b, gb, 2e-3, 1e-4);
    }
  }
}

TEST_CASE("CPU cast converts between every pair of dtypes", "[backend][cpu][cast]") {
  const std::vector<DType> dtypes = {float32, float64, int32, int64, uint8};
  const std::vector<double> values = {0, 1, 2, 7, 100, 255};  // representable in all five
  for (DType from : dtypes) {
    Tensor src = Tensor::from_vector(values, {2, 3}).astype(from);
    REQUIRE(src.dtype() == from);
    for (DType to : dtypes) {
      INFO(dtype_name(from) << " -> " << dtype_name(to));
      Tensor dst({2, 3}, to);
      cpu().cast(src, dst);
      CHECK(dst.to_vector<double>() == values);
    }
  }
  // Float to integer truncates toward zero, as C++ and numpy's astype do.
  Tensor frac = tensor({-2.75f, -0.5f, 0.5f, 2.75f}, {4});
  Tensor i32({4}, int32), i64({4}, int64);
  cpu().cast(frac, i32);
  cpu().cast(frac, i64);
  CHECK(i32.to_vector<std::int32_t>() == std::vector<std::int32_t>{-2, 0, 0, 2});
  CHECK(i64.to_vector<std::int64_t>() == std::vector<std::int64_t>{-2, 0, 0, 2});
  // Large integers keep every bit in float64; large tensors go through the parallel path.
  Tensor big = Tensor::from_vector(std::vector<std::int64_t>{(std::int64_t{1} << 40) + 3}, {1});
  Tensor f64({1}, float64);
  cpu().cast(big, f64);
  CHECK(f64.to_vector<double>()[0] == 1099511627779.0);
  Tensor many = random_tensor({100001}, 0.0f, 200.0f, 4), bytes({100001}, uint8);
  cpu().cast(many, bytes);
  std::vector<float> vm = many.to_vector<float>();
  std::vector<std::uint8_t> vb = bytes.to_vector<std::uint8_t>();
  for (std::size_t i = 0; i < vm.size(); ++i) REQUIRE(vb[i] == static_cast<std::uint8_t>(vm[i]));
}

TEST_CASE("CPU fill writes every element of every dtype", "[backend][cpu][fill]") {
  for (DType d : {float32, float64, int32, int64, uint8}) {
    INFO(dtype_name(d));
    Tensor t({70001}, d);
    cpu().fill(t, 9.0);
    std::vector<double> v = t.to_vector<double>();
    CHECK(std::count(v.begin(), v.end(), 9.0) == 70001);
  }
}

TEST_CASE("CPU take_rows gathers rows and rejects out-of-range indices", "[backend][cpu][take]") {
  Tensor x = tensor({0, 1, 10, 11, 20, 21}, {3, 2});
  Tensor idx = Tensor::from_vector(std::vector<std::int64_t>{2, 2, 0, 1}, {4});
  Tensor out({4, 2});
  cpu().take_rows(x, idx, out);
  check_close(out, {20, 21, 20, 21, 0, 1, 10, 11}, 0, 0);
  // Many short rows: the copy is split across threads.
  Tensor table = random_tensor({1000, 3}, -1.0f, 1.0f, 6);
  std::vector<std::int64_t> many(200000);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<std::int64_t>((i * 7919) % 1000);
  Tensor rows({200000, 3});
  cpu().take_rows(table, Tensor::from_vector(many, {200000}), rows);
  std::vector<float> vt = table.to_vector<float>(), vr = rows.to_vector<float>();
  for (std::size_t i = 0; i < many.size(); ++i) {
    for (std::size_t j = 0; j < 3; ++j) REQUIRE(vr[i * 3 + j] == vt[static_cast<std::size_t>(many[i]) * 3 + j]);
  }
  Tensor bad = Tensor::from_vector(std::vector<std::int64_t>{0, 3}, {2});
  REQUIRE_THROWS_AS(cpu().take_rows(x, bad, out), ValueError);
  REQUIRE_THROWS_WITH(cpu().take_rows(x, Tensor::from_vector(std::vector<std::int64_t>{1, 3}, {2}), out),
                      Catch::Contains("Index 3") && Catch::Contains("size 3"));
  REQUIRE_THROWS_WITH(cpu().take_rows(x, Tensor::from_vector(std::vector<std::int64_t>{-2}, {1}), out),
                      Catch::Contains("Index -2"));
}
