// conv2d (channels_last), its padding helpers, and dropout: values against a naive 7-loop
// convolution with TensorFlow 'same' padding, gradients for input, kernel and bias against
// finite differences, and shape errors.

#include <catch2/catch.hpp>
#include <string>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/ops/reference.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

struct ConvCase {
  std::string name;
  Shape x, kernel;
  ref::Conv p;
  bool bias;
  Shape expected;  // output shape, derived by hand
};

// Odd sizes throughout; every padding / stride / dilation path, with and without bias.
const std::vector<ConvCase> kConvCases = {
    {"valid 3x2", {2, 5, 4, 3}, {3, 2, 3, 4}, {.kh = 3, .kw = 2}, true, {2, 3, 3, 4}},
    {"valid no bias", {1, 5, 4, 2}, {3, 2, 2, 3}, {.kh = 3, .kw = 2}, false, {1, 3, 3, 3}},
    {"same 3x3", {2, 5, 4, 2}, {3, 3, 2, 3}, {.kh = 3, .kw = 3, .same = true}, true, {2, 5, 4, 3}},
    {"same even kernel 2x2", {1, 5, 4, 2}, {2, 2, 2, 2}, {.kh = 2, .kw = 2, .same = true}, true, {1, 5, 4, 2}},
    {"same strides (2, 2)", {2, 5, 6, 2}, {3, 3, 2, 3}, {.kh = 3, .kw = 3, .sh = 2, .sw = 2, .same = true}, true,
     {2, 3, 3, 3}},
    {"valid strides (2, 3)", {1, 7, 7, 2}, {3, 2, 2, 2}, {.kh = 3, .kw = 2, .sh = 2, .sw = 3}, false, {1, 3, 2, 2}},
    {"valid dilation (2, 1)", {1, 7, 5, 2}, {3, 2, 2, 3}, {.kh = 3, .kw = 2, .dh = 2, .dw = 1}, true, {1, 3, 4, 3}},
    {"same dilation (2, 2)", {2, 6, 5, 2}, {2, 3, 2, 2}, {.kh = 2, .kw = 3, .dh = 2, .dw = 2, .same = true}, false,
     {2, 6, 5, 2}},
    {"pointwise 1x1", {2, 3, 4, 5}, {1, 1, 5, 3}, {}, true, {2, 3, 4, 3}},
    {"1x1 with strides", {1, 5, 5, 2}, {1, 1, 2, 2}, {.sh = 2, .sw = 2}, true, {1, 3, 3, 2}},
};

Tensor conv(const std::vector<Tensor>& in, const ref::Conv& p) {
  return ops::conv2d(in[0], in[1], in.size() > 2 ? in[2] : Tensor(), {p.sh, p.sw},
                     p.same ? ops::Padding::same : ops::Padding::valid, {p.dh, p.dw});
}

}  // namespace

TEST_CASE("conv2d matches a naive convolution with TensorFlow padding", "[ops][nn][conv2d]") {
  unsigned seed = 1;
  for (const auto& c : kConvCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1.0f, 1.0f, seed++), k = random_tensor(c.kernel, -1.0f, 1.0f, seed++);
    Tensor b = c.bias ? random_tensor({c.kernel[3]}, -1.0f, 1.0f, seed++) : Tensor();
    Tensor y = c.bias ? conv({x, k, b}, c.p) : conv({x, k}, c.p);
    Shape ref_shape;
    std::vector<double> expected = ref::conv2d(x, k, b, c.p, &ref_shape);
    REQUIRE(ref_shape == c.expected);
    REQUIRE(y.shape() == c.expected);
    check_close(y, expected, 1e-5, 1e-5);
  }
}

TEST_CASE("conv2d at hand-derived points", "[ops][nn][conv2d]") {
  // 3x3 image 1..9, 2x2 kernel of ones: each output sums a 2x2 block.
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  Tensor ones = Tensor::ones({2, 2, 1, 1});
  check_close(ops::conv2d(x, ones, Tensor(), {1, 1}, ops::Padding::valid), {12, 16, 24, 28});
  // 'same' pads one row and column, both at the bottom/right (TensorFlow), never at the top/left.
  check_close(ops::conv2d(x, ones, tensor({0.5f}, {1}), {1, 1}, ops::Padding::same),
              {12.5, 16.5, 9.5, 24.5, 28.5, 15.5, 15.5, 17.5, 9.5});
  // Dilation 2 of a 2x2 kernel reads the four corners.
  check_close(ops::conv2d(x, ones, Tensor(), {1, 1}, ops::Padding::valid, {2, 2}), {20});
}

TEST_CASE("conv2d gradients for input, kernel and bias match finite differences", "[ops][nn][conv2d][grad]") {
  unsigned seed = 50;
  for (const auto& c : kConvCases) {
    INFO(c.name);
    std::vector<Tensor> inputs{random_tensor(c.x, -1.0f, 1.0f, seed), random_tensor(c.kernel, -1.0f, 1.0f, seed + 1)};
    if (c.bias) inputs.push_back(random_tensor({c.kernel[3]}, -1.0f, 1.0f, seed + 2));
    seed += 3;
    check_gradients([&](const std::vector<Tensor>& in) { return conv(in, c.p); }, inputs);
  }
}

TEST_CASE("conv2d gradient of a single tracked operand", "[ops][nn][conv2d][grad]") {
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  Tensor k = Tensor::ones({2, 2, 1, 1}), b = tensor({0}, {1});
  autograd::GradientTape tape;
  tape.watch(k);
  tape.watch(b);
  // d/dk of sum(valid conv) = sum of each kernel tap's input block; d/db = number of outputs.
  auto g = tape.gradient(ops::conv2d(x, k, b, {1, 1}, ops::Padding::valid), {k, b, x});
  check_close(g[0], {12, 16, 24, 28});
  check_close(g[1], {4});
  CHECK_FALSE(g[2].defined());
}

TEST_CASE("conv_output_length and parse_padding follow Keras", "[ops][nn]") {
  using ops::conv_output_length;
  using ops::Padding;
  CHECK(conv_output_length(28, 3, Padding::valid, 1, 1) == 26);
  CHECK(conv_output_length(28, 3, Padding::same, 1, 1) == 28);
  CHECK(conv_output_length(7, 3, Padding::valid, 2, 1) == 3);
  CHECK(conv_output_length(7, 3, Padding::same, 2, 1) == 4);
  CHECK(conv_output_length(7, 3, Padding::valid, 1, 2) == 3);  // dilated span 5
  CHECK(conv_output_length(5, 2, Padding::valid, 2, 1) == 2);  // the last row is dropped
  CHECK(conv_output_length(2, 3, Padding::valid, 1, 1) <= 0);
  CHECK(ops::parse_padding("SAME") == Padding::same);
  CHECK(ops::parse_padding("valid") == Padding::valid);
  CHECK(ops::padding_name(Padding::same) == "same");
  REQUIRE_THROWS_AS(ops::parse_padding("full"), ValueError);
  REQUIRE_THROWS_WITH(ops::parse_padding("full", "pool padding"),
                      Catch::Contains("pool padding") && Catch::Contains("'full'") && Catch::Contains("'same'"));
}

TEST_CASE("conv2d shape errors name the shapes at fault", "[ops][nn][conv2d][errors]") {
  Tensor x = Tensor::zeros({1, 5, 5, 3});
  REQUIRE_THROWS_AS(ops::conv2d(x, Tensor::zeros({3, 3, 2, 4}), Tensor(), {1, 1}, ops::Padding::valid), ShapeError);
  REQUIRE_THROWS_WITH(ops::conv2d(x, Tensor::zeros({3, 3, 2, 4}), Tensor(), {1, 1}, ops::Padding::valid),
                      Catch::Contains("(3, 3, 2, 4)") && Catch::Contains("(1, 5, 5, 3)"));
  REQUIRE_THROWS_WITH(ops::conv2d(x, Tensor::zeros({3, 3, 3, 4}), Tensor::zeros({3}), {1, 1}, ops::Padding::valid),
                      Catch::Contains("bias of shape (3,)") && Catch::Contains("4 filters"));
  REQUIRE_THROWS_WITH(ops::conv2d(Tensor::zeros({5, 5, 3}), Tensor::zeros({3, 3, 3, 4}), Tensor(), {1, 1},
                                  ops::Padding::valid),
                      Catch::Contains("4-D") && Catch::Contains("(5, 5, 3)"));
  REQUIRE_THROWS_WITH(ops::conv2d(Tensor::zeros({1, 2, 2, 3}), Tensor::zeros({3, 3, 3, 4}), Tensor(), {1, 1},
                                  ops::Padding::valid),
                      Catch::Contains("(3, 3)") && Catch::Contains("(2, 2)"));
  REQUIRE_THROWS_AS(ops::conv2d(x, Tensor::zeros({3, 3, 3, 4}), Tensor(), {0, 1}, ops::Padding::valid), ValueError);
}

TEST_CASE("dropout zeroes about `rate` of the elements and scales the rest", "[ops][nn][dropout]") {
  Tensor x = ref::signed_tensor({40, 50}, 0.5f, 1.5f, 8);
  Tensor y = ops::dropout(x, 0.25f, 1234);
  std::vector<double> vx = x.to_vector<double>(), vy = y.to_vector<double>();
  int zeros = 0;
  for (std::size_t i = 0; i < vx.size(); ++i) {
    if (vy[i] == 0.0) {
      ++zeros;
    } else {
      REQUIRE(vy[i] == Approx(vx[i] / 0.75).epsilon(1e-6));
    }
  }
  CHECK(zeros == Approx(500).margin(75));  // 2000 * 0.25, about 4 standard deviations
  // The same seed gives the same mask; rate 0 is the identity.
  check_close(ops::dropout(x, 0.25f, 1234), y, 0, 0);
  check_close(ops::dropout(x, 0.0f, 1234), x, 0, 0);
  REQUIRE_THROWS_AS(ops::dropout(x, 1.0f, 1), ValueError);
  REQUIRE_THROWS_WITH(ops::dropout(x, -0.1f, 1), Catch::Contains("rate"));
}

TEST_CASE("dropout's gradient is its mask", "[ops][nn][dropout][grad]") {
  Tensor x = ref::signed_tensor({6, 7}, 0.5f, 1.5f, 9);
  check_gradients([](const std::vector<Tensor>& in) { return ops::dropout(in[0], 0.4f, 77); }, {x});
  autograd::GradientTape tape;
  tape.watch(x);
  Tensor y = ops::dropout(x, 0.4f, 77);
  Tensor g = tape.gradient(y, {x})[0];
  std::vector<double> vx = x.to_vector<double>(), vy = y.to_vector<double>(), vg = g.to_vector<double>();
  bool some_dropped = false, some_kept = false;
  for (std::size_t i = 0; i < vx.size(); ++i) {
    // mask = y / x is 0 or 1 / (1 - rate).
    CHECK(vg[i] == Approx(vy[i] / vx[i]).margin(1e-6));
    CHECK((vg[i] == 0.0 || vg[i] == Approx(1.0 / 0.6)));
    (vg[i] == 0.0 ? some_dropped : some_kept) = true;
  }
  CHECK(some_dropped);
  CHECK(some_kept);
}
