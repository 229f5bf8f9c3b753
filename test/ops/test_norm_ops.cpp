// Fused normalization ops: batch_normalization (given statistics), batch_normalization_training
// (batch statistics) and layer_normalization, against naive double-precision loops written from
// the formulas, with finite-difference gradients for every differentiable input, the per-channel
// split paths of the kernels (few and many outer rows), and shape errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

// Flat indices of the elements of channel c along `axis` of `s`.
std::vector<std::int64_t> channel_elements(const Shape& s, int axis, std::int64_t c) {
  std::vector<std::int64_t> out;
  std::int64_t inner = 1;
  for (int d = axis + 1; d < s.rank(); ++d) inner *= s[d];
  for (std::int64_t i = 0; i < s.size(); ++i) {
    if ((i / inner) % s[axis] == c) out.push_back(i);
  }
  return out;
}

struct Moments {
  std::vector<double> mean, var;
};

Moments ref_moments(const Tensor& x, int axis) {
  std::vector<double> v = x.to_vector<double>();
  Moments m;
  for (std::int64_t c = 0; c < x.dim(axis); ++c) {
    std::vector<std::int64_t> idx = channel_elements(x.shape(), axis, c);
    double s = 0.0, q = 0.0;
    for (std::int64_t i : idx) s += v[static_cast<std::size_t>(i)];
    const double mu = s / static_cast<double>(idx.size());
    for (std::int64_t i : idx) q += (v[static_cast<std::size_t>(i)] - mu) * (v[static_cast<std::size_t>(i)] - mu);
    m.mean.push_back(mu);
    m.var.push_back(q / static_cast<double>(idx.size()));
  }
  return m;
}

// (x - mean) / sqrt(var + eps) * scale + offset per channel.
std::vector<double> ref_batch_norm(const Tensor& x, int axis, const Moments& m, const Tensor& offset,
                                   const Tensor& scale, double eps) {
  std::vector<double> v = x.to_vector<double>(), out(v.size());
  std::vector<double> g = scale.defined() ? scale.to_vector<double>() : std::vector<double>(m.mean.size(), 1.0);
  std::vector<double> b = offset.defined() ? offset.to_vector<double>() : std::vector<double>(m.mean.size(), 0.0);
  for (std::size_t c = 0; c < m.mean.size(); ++c) {
    for (std::int64_t i : channel_elements(x.shape(), axis, static_cast<std::int64_t>(c))) {
      auto k = static_cast<std::size_t>(i);
      out[k] = (v[k] - m.mean[c]) / std::sqrt(m.var[c] + eps) * g[c] + b[c];
    }
  }
  return out;
}

// Layer normalization of a (rows, cols) view: x's trailing `cols` elements form one row.
std::vector<double> ref_layer_norm(const std::vector<double>& v, std::int64_t cols, const std::vector<double>& gamma,
                                   const std::vector<double>& beta, double eps, bool rms) {
  std::vector<double> out(v.size());
  for (std::size_t r = 0; r * static_cast<std::size_t>(cols) < v.size(); ++r) {
    const double* row = v.data() + r * static_cast<std::size_t>(cols);
    double s = 0.0, q = 0.0;
    for (std::int64_t j = 0; j < cols; ++j) s += row[j];
    const double mu = s / static_cast<double>(cols);
    for (std::int64_t j = 0; j < cols; ++j) q += (row[j] - mu) * (row[j] - mu);
    const double inv = 1.0 / std::sqrt(q / static_cast<double>(cols) + eps);
    for (std::int64_t j = 0; j < cols; ++j) {
      auto k = r * static_cast<std::size_t>(cols) + static_cast<std::size_t>(j);
      const double g = gamma.empty() ? 1.0 : gamma[static_cast<std::size_t>(j)];
      const double b = beta.empty() ? 0.0 : beta[static_cast<std::size_t>(j)];
      out[k] = rms ? row[j] * inv * g : (row[j] - mu) * inv * g + b;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("batch_normalization with given statistics matches the formula on every axis", "[ops][norm]") {
  // (2, 3, 4): outer/inner > 1 on the middle axis; the last and first axes have inner or outer 1;
  // (40, 3) has enough rows (8 per channel) for the kernels' row-chunked reduction path.
  for (auto [shape, axis] :
       std::vector<std::pair<Shape, int>>{{{2, 3, 4}, 1}, {{2, 3, 4}, -1}, {{2, 3, 4}, 0}, {{40, 3}, 1}}) {
    INFO("shape " << shape.to_string() << " axis " << axis);
    Tensor x = random_tensor(shape, -2.0f, 2.0f, 1);
    const std::int64_t c = shape.dim(axis);
    Tensor mean = random_tensor({c}, -0.5f, 0.5f, 2), var = random_tensor({c}, 0.2f, 1.5f, 3);
    Tensor offset = random_tensor({c}, -1.0f, 1.0f, 4), scale = random_tensor({c}, 0.5f, 2.0f, 5);
    Moments m{mean.to_vector<double>(), var.to_vector<double>()};
    check_close(ops::batch_normalization(x, mean, var, axis, offset, scale, 1e-3f),
                ref_batch_norm(x, normalize_axis(axis, shape.rank()), m, offset, scale, 1e-3), 1e-5, 1e-5);
    check_close(ops::batch_normalization(x, mean, var, axis, {}, {}, 0.01f),
                ref_batch_norm(x, normalize_axis(axis, shape.rank()), m, {}, {}, 0.01), 1e-5, 1e-5);
  }
}

TEST_CASE("batch_normalization is differentiable in x, mean, variance, offset and scale", "[ops][norm][grad]") {
  Tensor x = random_tensor({3, 2, 4}, -1.0f, 1.0f, 6);
  Tensor mean = random_tensor({2}, -0.3f, 0.3f, 7), var = random_tensor({2}, 0.5f, 1.5f, 8);
  Tensor offset = random_tensor({2}, -1.0f, 1.0f, 9), scale = random_tensor({2}, 0.5f, 1.5f, 10);
  check_gradients(
      [](const std::vector<Tensor>& in) {
        return ops::batch_normalization(in[0], in[1], in[2], 1, in[3], in[4], 1e-3f);
      },
      {x, mean, var, offset, scale}, {.eps = 1e-3});
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::batch_normalization(in[0], in[1], in[2], -1); },
      {random_tensor({5, 3}, -1, 1, 11), random_tensor({3}, -0.2f, 0.2f, 12), random_tensor({3}, 0.5f, 1.0f, 13)},
      {.eps = 1e-3});
}

TEST_CASE("batch_normalization_training uses the batch mean and biased variance", "[ops][norm]") {
  for (auto [shape, axis] : std::vector<std::pair<Shape, int>>{
           {{4, 3}, -1}, {{2, 3, 5}, 1}, {{3, 2, 2, 4}, -1}, {{64, 7}, 1}, {{6, 2}, 0}}) {
    INFO("shape " << shape.to_string() << " axis " << axis);
    const int a = normalize_axis(axis, shape.rank());
    // A large common offset checks the two-pass variance (E[x^2] - E[x]^2 would lose it).
    Tensor x = random_tensor(shape, 99.0f, 101.0f, 14);
    Tensor offset = random_tensor({shape[a]}, -1, 1, 15), scale = random_tensor({shape[a]}, 0.5f, 2, 16);
    ops::BatchNormOutputs out = ops::batch_normalization_training(x, axis, offset, scale, 1e-3f);
    Moments m = ref_moments(x, a);
    check_close(out.mean, m.mean, 1e-4, 1e-6);
    check_close(out.variance, m.var, 1e-5, 1e-3);
    // Keras' form x * inv + (offset - mean * inv) cancels about 100 * inv in float32 here.
    check_close(out.outputs, ref_batch_norm(x, a, m, offset, scale, 1e-3), 1e-3, 1e-4);
    Tensor centred = random_tensor(shape, -2.0f, 2.0f, 40);
    check_close(ops::batch_normalization_training(centred, axis, offset, scale, 1e-3f).outputs,
                ref_batch_norm(centred, a, ref_moments(centred, a), offset, scale, 1e-3), 1e-5, 1e-4);
  }
}

TEST_CASE("batch_normalization_training gradients include the batch statistics", "[ops][norm][grad]") {
  Tensor offset = random_tensor({3}, -1, 1, 17), scale = random_tensor({3}, 0.5f, 1.5f, 18);
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::batch_normalization_training(in[0], -1, in[1], in[2]).outputs; },
      {random_tensor({6, 3}, -1, 1, 19), offset, scale}, {.eps = 1e-3});
  check_gradients([](const std::vector<Tensor>& in) { return ops::batch_normalization_training(in[0], 1).outputs; },
                  {random_tensor({2, 3, 4}, -1, 1, 20)}, {.eps = 1e-3});
  // Many rows (at least 8 per channel): the kernels' row-chunked per-channel sums.
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::batch_normalization_training(in[0], -1, {}, in[1]).outputs; },
      {random_tensor({24, 2}, -1, 1, 21), random_tensor({2}, 0.5f, 1.5f, 22)}, {.eps = 1e-3});
}

TEST_CASE("layer_normalization matches the formula over one or several axes", "[ops][norm]") {
  Tensor x = random_tensor({3, 4, 5}, -2, 2, 23);
  std::vector<double> v = x.to_vector<double>();
  Tensor g = random_tensor({5}, 0.5f, 1.5f, 24), b = random_tensor({5}, -1, 1, 25);
  check_close(ops::layer_normalization(x, g, b, {-1}, 1e-3f),
              ref_layer_norm(v, 5, g.to_vector<double>(), b.to_vector<double>(), 1e-3, false), 1e-5, 1e-5);
  check_close(ops::layer_normalization(x, g, {}, {-1}, 1e-3f, true),
              ref_layer_norm(v, 5, g.to_vector<double>(), {}, 1e-3, true), 1e-5, 1e-5);
  check_close(ops::layer_normalization(x), ref_layer_norm(v, 5, {}, {}, 1e-7, false), 1e-4, 1e-4);
  // Trailing axes (1, 2): rows of 20 elements; gamma (4, 5).
  Tensor g2 = random_tensor({4, 5}, 0.5f, 1.5f, 26), b2 = random_tensor({4, 5}, -1, 1, 27);
  check_close(ops::layer_normalization(x, g2, b2, {2, 1}, 1e-3f),
              ref_layer_norm(v, 20, g2.to_vector<double>(), b2.to_vector<double>(), 1e-3, false), 1e-5, 1e-5);
  // A leading axis: normalize over axis 1 of (3, 4, 5), i.e. each (i, :, k) column.
  Tensor g3 = random_tensor({4}, 0.5f, 1.5f, 28), b3 = random_tensor({4}, -1, 1, 29);
  Tensor xt = ops::transpose(x, {0, 2, 1});
  std::vector<double> ref =
      ref_layer_norm(xt.to_vector<double>(), 4, g3.to_vector<double>(), b3.to_vector<double>(), 1e-3, false);
  Tensor expected = ops::transpose(Tensor::from_vector(ref, xt.shape()).astype(float32), {0, 2, 1});
  check_close(ops::layer_normalization(x, g3, b3, {1}, 1e-3f), expected, 1e-5, 1e-5);
}

TEST_CASE("layer_normalization is differentiable in x, gamma and beta", "[ops][norm][grad]") {
  Tensor g = random_tensor({4}, 0.5f, 1.5f, 30), b = random_tensor({4}, -1, 1, 31);
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::layer_normalization(in[0], in[1], in[2], {-1}, 1e-3f); },
      {random_tensor({3, 4}, -1, 1, 32), g, b}, {.eps = 1e-3});
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::layer_normalization(in[0], in[1], {}, {-1}, 1e-3f, true); },
      {random_tensor({2, 3, 4}, -1, 1, 33), g}, {.eps = 1e-3});
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::layer_normalization(in[0], in[1], in[2], {1}, 1e-3f); },
      {random_tensor({2, 3, 2}, -1, 1, 34), random_tensor({3}, 0.5f, 1.5f, 35), random_tensor({3}, -1, 1, 36)},
      {.eps = 1e-3});
  // Many rows (at least 8 per column): the row-chunked column sums of dgamma and dbeta.
  check_gradients(
      [](const std::vector<Tensor>& in) { return ops::layer_normalization(in[0], in[1], in[2], {-1}, 1e-3f); },
      {random_tensor({30, 3}, -1, 1, 37), random_tensor({3}, 0.5f, 1.5f, 38), random_tensor({3}, -1, 1, 39)},
      {.eps = 1e-3});
}

TEST_CASE("normalization ops reject mismatched parameters with the shapes in the message", "[ops][norm][errors]") {
  Tensor x = Tensor::zeros({2, 3});
  REQUIRE_THROWS_AS(ops::batch_normalization(x, Tensor::zeros({2}), Tensor::ones({3}), -1), ShapeError);
  REQUIRE_THROWS_WITH(ops::batch_normalization(x, Tensor::zeros({2}), Tensor::ones({3}), -1),
                      Catch::Contains("`mean`") && Catch::Contains("(3,)") && Catch::Contains("(2,)"));
  REQUIRE_THROWS_WITH(ops::batch_normalization(x, Tensor(), Tensor::ones({3}), -1), Catch::Contains("`mean`"));
  REQUIRE_THROWS_WITH(ops::batch_normalization_training(x, 2), Catch::Contains("axis"));
  REQUIRE_THROWS_WITH(ops::layer_normalization(x, Tensor::ones({2})),
                      Catch::Contains("`gamma`") && Catch::Contains("(3,)") && Catch::Contains("(2,)"));
  REQUIRE_THROWS_WITH(ops::layer_normalization(x, {}, {}, {1, -1}), Catch::Contains("duplicate"));
}
