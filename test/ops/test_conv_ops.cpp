// The conv-family ops: grouped N-d convolution, transposed, depthwise and separable
// convolution, 1-D/3-D pooling, repeat and bilinear resizing. Values against the naive
// double-precision loops of naive_conv.h (or hand-derived numbers), every gradient against
// finite differences, and the shape errors.

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/convolutional/naive_conv.h"
#include "test/ops/reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

ops::Padding pad(bool same) { return same ? ops::Padding::same : ops::Padding::valid; }

struct ConvCase {
  std::string name;
  Shape x, kernel;
  naive::Window w;
  int groups;
  bool bias;
  Shape expected;  // by hand
};

// Every rank, groups, padding, stride and dilation path, including the 1x1 shortcuts.
const std::vector<ConvCase> kConvCases = {
    {"1-D valid", {2, 7, 3}, {3, 3, 4}, {{3}, {1}, {1}}, 1, true, {2, 5, 4}},
    {"1-D same, strides 2, groups 2", {2, 7, 4}, {3, 2, 6}, {{3}, {2}, {1}, true}, 2, true, {2, 4, 6}},
    {"1-D dilation 2, groups 3", {1, 9, 3}, {2, 1, 3}, {{2}, {1}, {2}}, 3, false, {1, 7, 3}},
    {"2-D groups 1", {2, 5, 4, 3}, {3, 2, 3, 4}, {{3, 2}, {1, 1}, {1, 1}, true}, 1, true, {2, 5, 4, 4}},
    {"2-D groups 2, same, dilation", {2, 6, 5, 4}, {2, 3, 2, 4}, {{2, 3}, {1, 1}, {2, 1}, true}, 2, true, {2, 6, 5, 4}},
    {"2-D groups 4 (depthwise-like), strides",
     {1, 7, 6, 4},
     {3, 3, 1, 8},
     {{3, 3}, {2, 3}, {1, 1}},
     4,
     true,
     {1, 3, 2, 8}},
    {"2-D pointwise groups 2", {2, 3, 4, 4}, {1, 1, 2, 6}, {{1, 1}, {1, 1}, {1, 1}}, 2, true, {2, 3, 4, 6}},
    {"3-D valid", {2, 4, 5, 3, 2}, {2, 3, 2, 2, 3}, {{2, 3, 2}, {1, 1, 1}, {1, 1, 1}}, 1, true, {2, 3, 3, 2, 3}},
    {"3-D same, strides (2, 1, 2), groups 3",
     {1, 5, 4, 5, 3},
     {3, 2, 3, 1, 6},
     {{3, 2, 3}, {2, 1, 2}, {1, 1, 1}, true},
     3,
     false,
     {1, 3, 4, 3, 6}},
    {"3-D dilation (1, 2, 1)",
     {1, 3, 6, 3, 2},
     {2, 2, 2, 2, 2},
     {{2, 2, 2}, {1, 1, 1}, {1, 2, 1}},
     1,
     true,
     {1, 2, 4, 2, 2}},
    {"3-D pointwise groups 2",
     {2, 2, 3, 2, 4},
     {1, 1, 1, 2, 4},
     {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
     2,
     true,
     {2, 2, 3, 2, 4}},
};

Tensor conv(const std::vector<Tensor>& in, const ConvCase& c) {
  return ops::conv(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), c.w.strides, pad(c.w.same), c.w.dilation, c.groups);
}

}  // namespace

TEST_CASE("conv matches a naive grouped convolution over 1 to 3 spatial axes", "[ops][conv]") {
  unsigned seed = 1;
  for (const auto& c : kConvCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1, 1, seed++), k = random_tensor(c.kernel, -1, 1, seed++);
    Tensor b = c.bias ? random_tensor({c.kernel.dim(-1)}, -1, 1, seed++) : Tensor();
    Tensor y = c.bias ? conv({x, k, b}, c) : conv({x, k}, c);
    Shape ref_shape;
    std::vector<double> expected = naive::conv(x, k, b, c.w, c.groups, &ref_shape);
    REQUIRE(ref_shape == c.expected);
    REQUIRE(y.shape() == c.expected);
    check_close(y, expected, 1e-5, 1e-5);
  }
}

TEST_CASE("conv gradients for input, kernel and bias match finite differences", "[ops][conv][grad]") {
  unsigned seed = 40;
  for (const auto& c : kConvCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1, 1, seed++), k = random_tensor(c.kernel, -1, 1, seed++);
    std::vector<Tensor> in{x, k};
    if (c.bias) in.push_back(random_tensor({c.kernel.dim(-1)}, -1, 1, seed++));
    check_gradients([&](const std::vector<Tensor>& t) { return conv(t, c); }, in);
  }
}

TEST_CASE("conv groups split channels and filters into independent convolutions", "[ops][conv]") {
  // Two groups of one channel: filters 0-1 see channel 0 only, filters 2-3 channel 1 only.
  Tensor x = tensor({1, 10, 2, 20, 3, 30}, {1, 3, 2});
  Tensor k = tensor({1, 2, 3, 4}, {1, 1, 4});
  check_close(ops::conv(x, k, Tensor(), {1}, ops::Padding::valid, {1}, 2), {1, 2, 30, 40, 2, 4, 60, 80, 3, 6, 90, 120});
}

namespace {

struct TransposeCase {
  std::string name;
  Shape x, kernel;
  naive::Window w;
  std::vector<int> output_padding;
  Shape expected;  // by hand, from Keras' output length formulas
};

const std::vector<TransposeCase> kTransposeCases = {
    // valid: (in - 1) * s + k + max(k, s) - k
    {"1-D valid", {2, 4, 3}, {3, 2, 3}, {{3}, {1}, {1}}, {}, {2, 6, 2}},
    {"1-D valid strides 3 > kernel 2", {1, 3, 2}, {2, 3, 2}, {{2}, {3}, {1}}, {}, {1, 9, 3}},
    {"1-D same strides 2", {2, 4, 2}, {3, 2, 2}, {{3}, {2}, {1}, true}, {}, {2, 8, 2}},
    // same with output_padding: (in - 1) * s + k % 2 + output_padding
    {"1-D same output_padding 1", {1, 4, 2}, {3, 3, 2}, {{3}, {2}, {1}, true}, {1}, {1, 8, 3}},
    {"2-D valid strides (2, 1)", {2, 3, 4, 2}, {3, 2, 3, 2}, {{3, 2}, {2, 1}, {1, 1}}, {}, {2, 7, 5, 3}},
    {"2-D same strides 2, even kernel", {1, 3, 3, 2}, {4, 2, 2, 2}, {{4, 2}, {2, 2}, {1, 1}, true}, {}, {1, 6, 6, 2}},
    {"2-D valid output_padding (1, 0)", {1, 3, 3, 1}, {3, 3, 2, 1}, {{3, 3}, {2, 2}, {1, 1}}, {1, 0}, {1, 8, 7, 2}},
    {"2-D same dilation 2", {1, 4, 5, 2}, {3, 2, 2, 2}, {{3, 2}, {1, 1}, {2, 2}, true}, {}, {1, 4, 5, 2}},
    {"2-D valid dilation 2", {1, 3, 2, 1}, {2, 2, 1, 1}, {{2, 2}, {1, 1}, {2, 2}}, {}, {1, 5, 4, 1}},
    {"3-D same strides (1, 2, 2)",
     {1, 2, 3, 2, 2},
     {2, 3, 3, 3, 2},
     {{2, 3, 3}, {1, 2, 2}, {1, 1, 1}, true},
     {},
     {1, 2, 6, 4, 3}},
};

Tensor conv_transpose(const std::vector<Tensor>& in, const TransposeCase& c) {
  return ops::conv_transpose(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), c.w.strides, pad(c.w.same),
                             c.output_padding, c.w.dilation);
}

}  // namespace

TEST_CASE("conv_transpose is TensorFlow's input gradient of a convolution", "[ops][conv_transpose]") {
  unsigned seed = 80;
  for (const auto& c : kTransposeCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1, 1, seed++), k = random_tensor(c.kernel, -1, 1, seed++);
    Tensor b = random_tensor({c.kernel.dim(-2)}, -1, 1, seed++);
    Tensor y = conv_transpose({x, k, b}, c);
    REQUIRE(y.shape() == c.expected);
    naive::Index out(c.expected.dims().begin() + 1, c.expected.dims().end() - 1);
    // The forward convolution of the output size must give back the input size.
    for (std::size_t a = 0; a < out.size(); ++a) {
      CHECK(naive::axis_of(out[a], c.w.kernel[a], c.w.strides[a], c.w.dilation[a], c.w.same).out ==
            c.x[static_cast<int>(a) + 1]);
    }
    check_close(y, naive::conv_transpose(x, k, b, c.w, out), 1e-5, 1e-5);
  }
}

TEST_CASE("conv_transpose at hand-derived points", "[ops][conv_transpose]") {
  // Stride 2, kernel [1, 10], valid: each input scatters x*1, x*10 to positions 2i, 2i+1.
  Tensor x = tensor({1, 2, 3}, {1, 3, 1});
  check_close(ops::conv_transpose(x, tensor({1, 10}, {2, 1, 1}), Tensor(), {2}, ops::Padding::valid, {}, {1}),
              {1, 10, 2, 20, 3, 30});
  // Stride 1, kernel [1, 1, 1], 'same': the overlapping windows sum neighbours (with zeros outside).
  check_close(ops::conv_transpose(x, Tensor::ones({3, 1, 1}), tensor({0.5f}, {1}), {1}, ops::Padding::same, {}, {1}),
              {3.5, 6.5, 5.5});
}

TEST_CASE("conv_transpose gradients match finite differences", "[ops][conv_transpose][grad]") {
  unsigned seed = 120;
  for (const auto& c : kTransposeCases) {
    INFO(c.name);
    std::vector<Tensor> in{random_tensor(c.x, -1, 1, seed++), random_tensor(c.kernel, -1, 1, seed++),
                           random_tensor({c.kernel.dim(-2)}, -1, 1, seed++)};
    check_gradients([&](const std::vector<Tensor>& t) { return conv_transpose(t, c); }, in);
  }
}

namespace {

struct DepthwiseCase {
  std::string name;
  Shape x, kernel;
  naive::Window w;
  bool bias;
  Shape expected;
};

const std::vector<DepthwiseCase> kDepthwiseCases = {
    {"1-D multiplier 1", {2, 7, 3}, {3, 3, 1}, {{3}, {1}, {1}}, true, {2, 5, 3}},
    {"1-D same multiplier 2 strides 2", {1, 7, 2}, {3, 2, 2}, {{3}, {2}, {1}, true}, false, {1, 4, 4}},
    {"2-D multiplier 3", {2, 5, 4, 2}, {3, 2, 2, 3}, {{3, 2}, {1, 1}, {1, 1}}, true, {2, 3, 3, 6}},
    {"2-D same strides and dilation", {1, 6, 7, 3}, {3, 3, 3, 1}, {{3, 3}, {2, 2}, {2, 1}, true}, true, {1, 3, 4, 3}},
    {"3-D multiplier 2", {1, 3, 4, 3, 2}, {2, 2, 2, 2, 2}, {{2, 2, 2}, {1, 2, 1}, {1, 1, 1}}, true, {1, 2, 2, 2, 4}},
};

Tensor depthwise(const std::vector<Tensor>& in, const DepthwiseCase& c) {
  return ops::depthwise_conv(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), c.w.strides, pad(c.w.same), c.w.dilation);
}

}  // namespace

TEST_CASE("depthwise_conv matches a naive depthwise convolution", "[ops][depthwise_conv]") {
  unsigned seed = 160;
  for (const auto& c : kDepthwiseCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1, 1, seed++), k = random_tensor(c.kernel, -1, 1, seed++);
    Tensor b = c.bias ? random_tensor({c.x.dim(-1) * c.kernel.dim(-1)}, -1, 1, seed++) : Tensor();
    Tensor y = c.bias ? depthwise({x, k, b}, c) : depthwise({x, k}, c);
    REQUIRE(y.shape() == c.expected);
    check_close(y, naive::depthwise_conv(x, k, b, c.w), 1e-5, 1e-5);
    std::vector<Tensor> in{x, k};
    if (c.bias) in.push_back(b);
    check_gradients([&](const std::vector<Tensor>& t) { return depthwise(t, c); }, in);
  }
}

TEST_CASE("separable_conv is a depthwise then a pointwise convolution", "[ops][separable_conv]") {
  for (int rank : {1, 2}) {
    INFO("rank " << rank);
    const Shape xs = rank == 1 ? Shape{2, 6, 3} : Shape{2, 5, 4, 3};
    const Shape ds = rank == 1 ? Shape{3, 3, 2} : Shape{3, 2, 3, 2};
    const Shape ps = rank == 1 ? Shape{1, 6, 4} : Shape{1, 1, 6, 4};
    Tensor x = random_tensor(xs, -1, 1, 7), dk = random_tensor(ds, -1, 1, 8), pk = random_tensor(ps, -1, 1, 9);
    Tensor b = random_tensor({4}, -1, 1, 10);
    const std::vector<int> one(static_cast<std::size_t>(rank), 1), two(static_cast<std::size_t>(rank), 2);
    auto f = [&](const std::vector<Tensor>& t) {
      return ops::separable_conv(t[0], t[1], t[2], t[3], two, ops::Padding::same, one);
    };
    Tensor y = f({x, dk, pk, b});
    naive::Window dw{std::vector<int>(ds.dims().begin(), ds.dims().end() - 2), two, one, true};
    Shape mid_shape;
    std::vector<double> mid = naive::depthwise_conv(x, dk, Tensor(), dw, &mid_shape);
    std::vector<float> midf(mid.begin(), mid.end());
    Tensor mid_t = Tensor::from_vector(midf, mid_shape);
    check_close(y, naive::conv(mid_t, pk, b, {one, one, one}, 1), 1e-5, 1e-4);
    check_gradients(f, {x, dk, pk, b});
  }
}

TEST_CASE("max_pool and average_pool over 1 and 3 spatial axes match naive pooling", "[ops][pool]") {
  struct PoolCase {
    Shape x;
    naive::Window w;
  };
  const std::vector<PoolCase> cases = {
      {{2, 7, 3}, {{2}, {2}, {1}}},
      {{2, 7, 3}, {{3}, {2}, {1}, true}},
      {{1, 5, 2}, {{2}, {1}, {1}, true}},
      {{2, 4, 5, 3}, {{2, 3}, {2, 1}, {1, 1}, true}},
      {{2, 4, 5, 6, 2}, {{2, 2, 2}, {2, 2, 2}, {1, 1, 1}}},
      {{1, 5, 4, 3, 3}, {{3, 2, 2}, {2, 1, 2}, {1, 1, 1}, true}},
      {{1, 3, 3, 3, 1}, {{2, 3, 1}, {1, 1, 1}, {1, 1, 1}}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    INFO("case " << i);
    Tensor x = ref::distinct_tensor(c.x, 0.1f, -1.0f, static_cast<unsigned>(i + 1));
    for (bool max : {true, false}) {
      auto f = [&](const std::vector<Tensor>& t) {
        return max ? ops::max_pool(t[0], c.w.kernel, c.w.strides, pad(c.w.same))
                   : ops::average_pool(t[0], c.w.kernel, c.w.strides, pad(c.w.same));
      };
      Shape ref_shape;
      std::vector<double> expected = naive::pool(x, c.w, max, &ref_shape);
      Tensor y = f({x});
      REQUIRE(y.shape() == ref_shape);
      check_close(y, expected, 1e-6, 1e-6);
      check_gradients(f, {x});
    }
  }
}

TEST_CASE("repeat repeats elements along an axis", "[ops][repeat]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {1, 3, 2});
  check_close(ops::repeat(x, 2, 1), {1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6});
  check_close(ops::repeat(x, 3, -1), {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6});
  CHECK(ops::repeat(x, 2, 0).shape() == Shape{2, 3, 2});
  check_gradients([](const std::vector<Tensor>& t) { return ops::repeat(t[0], 3, 1); }, {random_tensor({2, 3, 2})});
  REQUIRE_THROWS_WITH(ops::repeat(x, 0, 1), Catch::Contains("repeats") && Catch::Contains("0"));
}

TEST_CASE("resize_bilinear uses half-pixel centres and clamps at the borders", "[ops][resize]") {
  // tf.image.resize([[1, 2], [3, 4]], (4, 4)) and jax.image.resize(..., "bilinear") give this.
  Tensor x = tensor({1, 2, 3, 4}, {1, 2, 2, 1});
  check_close(ops::resize_bilinear(x, 4, 4),
              {1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4});
  // Halving samples between pixel pairs: the means of 2x2 blocks.
  Tensor big = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, {1, 4, 4, 1});
  check_close(ops::resize_bilinear(big, 2, 2), {3.5, 5.5, 11.5, 13.5});
  // Same size is the identity; channels interpolate independently.
  Tensor two = random_tensor({2, 3, 5, 2});
  check_close(ops::resize_bilinear(two, 3, 5), two);
}

TEST_CASE("resize_bilinear matches the interpolation formula for any scale", "[ops][resize]") {
  Tensor x = random_tensor({2, 3, 4, 2}, -1, 1, 5);
  const std::int64_t oh = 7, ow = 3;
  check_close(ops::resize_bilinear(x, oh, ow), naive::resize_bilinear(x, oh, ow), 1e-5, 1e-5);
  check_gradients([](const std::vector<Tensor>& t) { return ops::resize_bilinear(t[0], 7, 3); }, {x});
  check_gradients([](const std::vector<Tensor>& t) { return ops::resize_bilinear(t[0], 2, 9); }, {x});
}

TEST_CASE("conv-family ops reject misfit shapes with clear errors", "[ops][conv][errors]") {
  Tensor x = Tensor::zeros({1, 5, 4});
  REQUIRE_THROWS_WITH(
      ops::conv(Tensor::zeros({5, 4}), Tensor::zeros({3, 4, 2}), Tensor(), {1}, ops::Padding::valid, {1}),
      Catch::Contains("conv") && Catch::Contains("1 to 3 spatial axes") && Catch::Contains("(5, 4)"));
  REQUIRE_THROWS_WITH(ops::conv(x, Tensor::zeros({3, 3, 2}), Tensor(), {1}, ops::Padding::valid, {1}),
                      Catch::Contains("(3, 3, 2)") && Catch::Contains("(1, 5, 4)"));
  REQUIRE_THROWS_WITH(ops::conv(x, Tensor::zeros({3, 2, 3}), Tensor(), {1}, ops::Padding::valid, {1}, 2),
                      Catch::Contains("groups=2") && Catch::Contains("divisible"));
  REQUIRE_THROWS_WITH(ops::conv(x, Tensor::zeros({3, 4, 2}), Tensor::zeros({3}), {1}, ops::Padding::valid, {1}),
                      Catch::Contains("bias") && Catch::Contains("2 output channels"));
  REQUIRE_THROWS_WITH(ops::conv(x, Tensor::zeros({7, 4, 2}), Tensor(), {1}, ops::Padding::valid, {1}),
                      Catch::Contains("does not fit") && Catch::Contains("-1"));
  REQUIRE_THROWS_WITH(ops::conv(x, Tensor::zeros({3, 4, 2}), Tensor(), {1, 1}, ops::Padding::valid, {1}),
                      Catch::Contains("`strides`") && Catch::Contains("1 positive"));
  REQUIRE_THROWS_WITH(ops::conv_transpose(x, Tensor::zeros({3, 2, 3}), Tensor(), {1}, ops::Padding::valid, {}, {1}),
                      Catch::Contains("conv_transpose") && Catch::Contains("(3, 2, 3)"));
  REQUIRE_THROWS_WITH(ops::depthwise_conv(x, Tensor::zeros({3, 3, 1}), Tensor(), {1}, ops::Padding::valid, {1}),
                      Catch::Contains("depthwise_conv") && Catch::Contains("depth_multiplier"));
  REQUIRE_THROWS_WITH(ops::max_pool(x, {2, 2}, {2, 2}, ops::Padding::valid),
                      Catch::Contains("max_pool") && Catch::Contains("pool_size"));
  REQUIRE_THROWS_WITH(ops::average_pool(Tensor::zeros({1, 2, 2, 2, 1}), {3, 1, 1}, {1, 1, 1}, ops::Padding::valid),
                      Catch::Contains("average_pool") && Catch::Contains("does not fit"));
  REQUIRE_THROWS_WITH(ops::resize_bilinear(x, 2, 2),
                      Catch::Contains("resize_bilinear") && Catch::Contains("(1, 5, 4)"));
}

namespace {

// Output and gradients of the loss sum(f(x, k) * w), with the same weights w for every sample.
std::vector<Tensor> run_with_grads(const std::function<Tensor(const Tensor&, const Tensor&)>& f, const Tensor& x,
                                   const Tensor& k) {
  Tensor y;
  std::vector<Tensor> grads;
  {
    autograd::GradientTape tape;
    tape.watch(x);
    if (k.defined()) tape.watch(k);
    y = f(x, k);
    std::vector<std::int64_t> one_sample = y.shape().dims();
    one_sample[0] = 1;
    Tensor w = random_tensor(Shape(one_sample), -1, 1, 99);
    std::vector<Tensor> sources{x};
    if (k.defined()) sources.push_back(k);
    grads = tape.gradient(ops::sum(ops::multiply(y, w)), sources);
  }
  grads.insert(grads.begin(), y);
  return grads;
}

}  // namespace

TEST_CASE("conv-family kernels agree between a large batch and sample by sample", "[ops][conv][threads]") {
  // Large enough for the kernels' parallel loops, while each single sample runs serially: the
  // batch's input gradient is the samples' ones side by side, its kernel gradient their sum.
  using F = std::function<Tensor(const Tensor&, const Tensor&)>;
  struct Case {
    std::string name;
    Shape x, k;
    F f;
  };
  const std::vector<Case> cases = {
      {"grouped conv 2-D",
       {6, 9, 8, 4},
       {3, 3, 2, 6},
       [](const Tensor& x, const Tensor& k) {
         return ops::conv(x, k, Tensor(), {1, 1}, ops::Padding::same, {1, 1}, 2);
       }},
      {"conv 3-D",
       {5, 4, 6, 5, 2},
       {2, 3, 2, 2, 3},
       [](const Tensor& x, const Tensor& k) {
         return ops::conv(x, k, Tensor(), {1, 1, 1}, ops::Padding::same, {1, 1, 1});
       }},
      {"conv_transpose",
       {6, 6, 5, 3},
       {3, 3, 2, 3},
       [](const Tensor& x, const Tensor& k) {
         return ops::conv_transpose(x, k, Tensor(), {2, 2}, ops::Padding::same, {}, {1, 1});
       }},
      {"depthwise",
       {6, 9, 8, 3},
       {3, 3, 3, 2},
       [](const Tensor& x, const Tensor& k) {
         return ops::depthwise_conv(x, k, Tensor(), {1, 1}, ops::Padding::same, {1, 1});
       }},
      {"max_pool 3-D",
       {6, 4, 6, 6, 2},
       {},
       [](const Tensor& x, const Tensor&) {
         return ops::max_pool(x, {2, 2, 2}, {1, 1, 1}, ops::Padding::same);
       }},
      {"average_pool 3-D",
       {6, 4, 6, 6, 2},
       {},
       [](const Tensor& x, const Tensor&) {
         return ops::average_pool(x, {2, 3, 2}, {1, 2, 1}, ops::Padding::same);
       }},
      {"resize_bilinear",
       {6, 5, 7, 3},
       {},
       [](const Tensor& x, const Tensor&) { return ops::resize_bilinear(x, 11, 9); }},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Tensor x = ref::distinct_tensor(c.x, 0.01f, -1.0f, 5);
    Tensor k = c.k.rank() ? random_tensor(c.k, -1, 1, 6) : Tensor();
    std::vector<Tensor> whole = run_with_grads(c.f, x, k);
    std::vector<double> y, dx, dk(k.defined() ? static_cast<std::size_t>(k.size()) : 0, 0.0);
    for (std::int64_t n = 0; n < c.x[0]; ++n) {
      std::vector<std::int64_t> begin(static_cast<std::size_t>(c.x.rank()), 0), size = c.x.dims();
      begin[0] = n;
      size[0] = 1;
      std::vector<Tensor> one = run_with_grads(c.f, ops::slice(x, begin, size), k);
      for (double v : one[0].to_vector<double>()) y.push_back(v);
      for (double v : one[1].to_vector<double>()) dx.push_back(v);
      if (k.defined()) {
        std::vector<double> g = one[2].to_vector<double>();
        for (std::size_t i = 0; i < g.size(); ++i) dk[i] += g[i];
      }
    }
    check_close(whole[0], y, 1e-5, 1e-5);
    check_close(whole[1], dx, 1e-5, 1e-5);
    if (k.defined()) check_close(whole[2], dk, 1e-4, 1e-4);
  }
}
