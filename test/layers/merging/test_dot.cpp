// Dot: batchwise dot products against a naive reference for several ranks and axes, the
// normalised (cosine) form, Keras' output-shape rules, config and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/merging/dot.h"
#include "libkeras/utils/error.h"
#include "test/layers/merging/merge_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// out[b, x-free..., y-free...] = sum_k x[.. k at a0 ..] * y[b, .. k at a1 ..], in double.
std::vector<double> naive_batch_dot(const Tensor& x, const Tensor& y, int a0, int a1) {
  std::vector<double> xv = x.to_vector<double>(), yv = y.to_vector<double>();
  auto strides = [](const Shape& s) {
    std::vector<std::int64_t> st(static_cast<std::size_t>(s.rank()), 1);
    for (int k = s.rank() - 2; k >= 0; --k) {
      st[static_cast<std::size_t>(k)] = st[static_cast<std::size_t>(k + 1)] * s[k + 1];
    }
    return st;
  };
  std::vector<std::int64_t> sx = strides(x.shape()), sy = strides(y.shape());
  std::vector<int> fx, fy;
  for (int k = 0; k < x.rank(); ++k) if (k != a0) fx.push_back(k);
  for (int k = 1; k < y.rank(); ++k) if (k != a1) fy.push_back(k);
  std::int64_t nx = 1, ny = 1;
  for (int k : fx) nx *= x.dim(k);
  for (int k : fy) ny *= y.dim(k);
  std::vector<double> out;
  for (std::int64_t i = 0; i < nx; ++i) {
    // Decode i into x's free indices (row-major over fx).
    std::int64_t rem = i, base_x = 0, batch = 0;
    for (int j = static_cast<int>(fx.size()) - 1; j >= 0; --j) {
      std::int64_t idx = rem % x.dim(fx[static_cast<std::size_t>(j)]);
      rem /= x.dim(fx[static_cast<std::size_t>(j)]);
      base_x += idx * sx[static_cast<std::size_t>(fx[static_cast<std::size_t>(j)])];
      if (fx[static_cast<std::size_t>(j)] == 0) batch = idx;
    }
    for (std::int64_t o = 0; o < ny; ++o) {
      std::int64_t r = o, base_y = batch * sy[0];
      for (int j = static_cast<int>(fy.size()) - 1; j >= 0; --j) {
        std::int64_t idx = r % y.dim(fy[static_cast<std::size_t>(j)]);
        r /= y.dim(fy[static_cast<std::size_t>(j)]);
        base_y += idx * sy[static_cast<std::size_t>(fy[static_cast<std::size_t>(j)])];
      }
      double s = 0;
      for (std::int64_t k = 0; k < x.dim(a0); ++k) {
        s += xv[static_cast<std::size_t>(base_x + k * sx[static_cast<std::size_t>(a0)])] *
             yv[static_cast<std::size_t>(base_y + k * sy[static_cast<std::size_t>(a1)])];
      }
      out.push_back(s);
    }
  }
  return out;
}

struct DotCase {
  Shape x, y;
  std::array<int, 2> axes;
  Shape expected;
};

}  // namespace

TEST_CASE("Dot matches a naive batch_dot for every rank and axis pairing", "[layers][merging][dot]") {
  const std::vector<DotCase> cases = {
      {{2, 3}, {2, 3}, {1, 1}, {2, 1}},           // rank 2 x rank 2 -> (batch, 1)
      {{2, 3}, {2, 4, 3}, {1, 2}, {2, 4}},        // x rank 2
      {{2, 4, 3}, {2, 3}, {2, 1}, {2, 4}},        // y rank 2
      {{2, 3, 5}, {2, 10, 3}, {1, 2}, {2, 5, 10}},  // Keras' docstring example
      {{2, 3, 4}, {2, 3, 5}, {1, 1}, {2, 4, 5}},
      {{2, 4, 3}, {2, 5, 3}, {-1, -1}, {2, 4, 5}},
      {{2, 2, 3, 4}, {2, 4, 5, 2}, {3, 1}, {2, 2, 3, 5, 2}},  // squashed middle and trailing dims
  };
  for (const DotCase& c : cases) {
    INFO("x " << c.x.to_string() << " y " << c.y.to_string() << " axes " << c.axes[0] << "," << c.axes[1]);
    Tensor x = random_tensor(c.x, -1, 1, 31), y = random_tensor(c.y, -1, 1, 32);
    Dot layer(c.axes);
    Tensor out = merge_forward(layer, {x, y})[0];
    CHECK(out.shape() == c.expected);
    CHECK(layer.compute_output_shapes({c.x, c.y}).at(0) == c.expected);
    int a0 = c.axes[0] < 0 ? c.axes[0] + c.x.rank() : c.axes[0];
    int a1 = c.axes[1] < 0 ? c.axes[1] + c.y.rank() : c.axes[1];
    check_close(out, naive_batch_dot(x, y, a0, a1), 1e-5, 1e-5);
  }
}

TEST_CASE("Dot satisfies the layer contract", "[layers][merging][dot]") {
  run_merge_layer_test({.make = [] { return std::make_shared<Dot>(std::array<int, 2>{1, 2}); },
                        .input_shapes = {{2, 3, 4}, {2, 5, 3}},
                        .expected_output_shape = {2, 4, 5}});
  run_merge_layer_test({.make = [] { return std::make_shared<Dot>(1, Dot::Options{.normalize = true}); },
                        .input_shapes = {{3, 4}, {3, 4}},
                        .expected_output_shape = {3, 1}});
}

TEST_CASE("Dot with normalize gives the cosine similarity", "[layers][merging][dot]") {
  Tensor x = tensor({3, 4, 1, 0}, {2, 2}), y = tensor({4, 3, 0, 5}, {2, 2});
  // cos((3,4),(4,3)) = 24/25; (1,0) and (0,5) are orthogonal.
  check_close(dot({x, y}, 1, Dot::Options{.normalize = true}), {0.96, 0.0}, 1e-6, 1e-6);
  check_close(dot({x, y}, -1), {24, 0}, 0, 0);
  // A zero vector stays finite (epsilon in the norm).
  check_close(dot({Tensor::zeros({1, 2}), y.slice(0, 1)}, 1, Dot::Options{.normalize = true}), {0.0}, 0, 0);
  backend::clear_session();
  check_in_graph([](const std::vector<KerasTensor>& in) { return dot(in, {2, 2}); },
                 [](const std::vector<Tensor>& in) { return dot(in, 2); }, {{3, 4}, {5, 4}}, {-1, 3, 5});
}

TEST_CASE("Dot drops masks, and its config keeps the axes form", "[layers][merging][dot][config]") {
  Tensor x = masked(Tensor::ones({1, 2, 3}), {1, 0}, {1, 2});
  Dot layer(2);
  CHECK_FALSE(merge_forward(layer, {x, x})[0].mask().defined());
  Json single = Dot(1).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : single.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "axes", "normalize"});
  CHECK(single["axes"] == 1);
  CHECK(single["normalize"] == false);
  Json pair = Dot({1, 2}, Dot::Options{.normalize = true}).get_config();
  CHECK(pair["axes"] == Json::array({1, 2}));
  CHECK(Dot::from_config(pair)->get_config().dump() == pair.dump());
  CHECK(Dot::from_config(single)->get_config().dump() == single.dump());
}

TEST_CASE("Dot rejects incompatible inputs, naming the layer", "[layers][merging][dot][errors]") {
  Dot d({1, 2}, Dot::Options{.name = "sim"});
  REQUIRE_THROWS_WITH(d.compute_output_shapes({{-1, 3, 4}, {-1, 5, 4}}),
                      Catch::Contains("\"sim\"") && Catch::Contains("axis values 3 (at axis 1) != 4 (at axis 2)"));
  REQUIRE_THROWS_WITH(d.compute_output_shapes({{-1, 3}}), Catch::Contains("list of 2 inputs"));
  REQUIRE_THROWS_WITH(Dot(0).compute_output_shapes({{-1, 3}, {-1, 3}}), Catch::Contains("axis 0"));
  REQUIRE_THROWS_WITH(Dot(3).compute_output_shapes({{-1, 3}, {-1, 3}}), Catch::Contains("out of range"));
  REQUIRE_THROWS_WITH(Dot(1).compute_output_shapes({{4}, {4}}), Catch::Contains("rank < 2"));
  REQUIRE_THROWS_WITH(merge_forward(d, {Tensor::ones({2, 3, 4}), Tensor::ones({3, 5, 3})}),
                      Catch::Contains("different batch sizes"));
  REQUIRE_THROWS_WITH(Dot::from_config(Json{{"name", "q"}, {"axes", Json::array({1, 2, 3})}}),
                      Catch::Contains("Dot layer \"q\"") && Catch::Contains("'axes'"));
}
