// Softmax: along one axis or several, with an input mask (masked logits become -1e9 and the
// outputs 0, as Keras does); config and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/activations/softmax.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

std::vector<double> naive_softmax(const std::vector<double>& x) {
  double m = *std::max_element(x.begin(), x.end()), s = 0;
  for (double v : x) s += std::exp(v - m);
  std::vector<double> out;
  for (double v : x) out.push_back(std::exp(v - m) / s);
  return out;
}

Tensor with_mask(const Tensor& x, const std::vector<float>& mask, const Shape& shape) {
  Tensor y = ops::reshape(x, x.shape());
  y.set_mask(tensor(mask, shape));
  return y;
}

}  // namespace

TEST_CASE("Softmax satisfies the layer contract", "[layers][softmax]") {
  run_layer_test({.make = [] { return std::make_shared<Softmax>(); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {}});
  run_layer_test({.make = [] { return std::make_shared<Softmax>(std::vector<int>{1, 2}); },
                  .input_shape = {2, 3, 2},
                  .expected_output_shape = Shape{2, 3, 2},
                  .weight_names = {}});
}

TEST_CASE("Softmax normalises along the axis", "[layers][softmax]") {
  Tensor x = tensor({1, 2, 3, -1, 0, 4}, {1, 2, 3});
  Softmax last;
  std::vector<double> a = naive_softmax({1, 2, 3}), b = naive_softmax({-1, 0, 4});
  std::vector<double> expected = a;
  expected.insert(expected.end(), b.begin(), b.end());
  check_close(forward(last, x), expected, 1e-6, 1e-6);
  // axis=1 pairs (1, -1), (2, 0), (3, 4).
  Softmax mid(1);
  std::vector<double> p0 = naive_softmax({1, -1}), p1 = naive_softmax({2, 0}), p2 = naive_softmax({3, 4});
  check_close(forward(mid, x), {p0[0], p1[0], p2[0], p0[1], p1[1], p2[1]}, 1e-6, 1e-6);
  // Axes (1, 2) jointly: one distribution over all six entries.
  Softmax both(std::vector<int>{1, 2});
  check_close(forward(both, x), naive_softmax({1, 2, 3, -1, 0, 4}), 1e-6, 1e-6);
}

TEST_CASE("Softmax gives masked positions zero probability", "[layers][softmax][mask]") {
  Tensor x = tensor({1, 2, 3, -1, 0, 4}, {1, 2, 3});
  Softmax layer;
  // A (batch, 1, keys) mask broadcasts over the rows: the last key is masked out.
  Tensor y = forward(layer, with_mask(x, {1, 1, 0}, {1, 1, 3}));
  std::vector<double> a = naive_softmax({1, 2}), b = naive_softmax({-1, 0});
  check_close(y, {a[0], a[1], 0, b[0], b[1], 0}, 1e-6, 1e-6);
  CHECK(y.mask().defined());  // the mask passes through
  // A fully masked row gives zeros, not a uniform distribution; a numeric mask counts when > 0.5.
  y = forward(layer, with_mask(x, {0.2f, 0, 0, 1, 0.9f, 1}, {1, 2, 3}));
  std::vector<double> c = naive_softmax({-1, 0, 4});
  check_close(y, {0, 0, 0, c[0], c[1], c[2]}, 1e-6, 1e-6);
  // The masked logits get no gradient.
  check_gradients([&](const std::vector<Tensor>& in) { return layer(with_mask(in[0], {1, 0, 1}, {1, 1, 3})); },
                  {random_tensor({2, 2, 3})});
}

TEST_CASE("Softmax config and errors", "[layers][softmax][config]") {
  Json c = Softmax(1, Softmax::Options{.name = "sm"}).get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "axis"});
  CHECK(c["axis"] == 1);
  Json multi = Softmax(std::vector<int>{1, 2}).get_config();
  CHECK(multi["axis"] == Json::array({1, 2}));
  CHECK(Softmax::from_config(multi)->get_config().dump() == multi.dump());
  CHECK(Softmax::from_config(Json{{"name", "d"}})->get_config()["axis"] == -1);
  Softmax layer(-1, Softmax::Options{.name = "att"});
  REQUIRE_THROWS_WITH(forward(layer, with_mask(Tensor::ones({2, 3}), {1, 0}, {1, 2})),
                      Catch::Contains("Softmax layer \"att\"") && Catch::Contains("mask.shape=(1, 2)"));
  REQUIRE_THROWS_WITH(Softmax::from_config(Json{{"name", "s"}, {"axis", "last"}}),
                      Catch::Contains("Softmax layer \"s\"") && Catch::Contains("'axis'"));
  REQUIRE_THROWS_WITH(Softmax(std::vector<int>{}), Catch::Contains("at least one axis"));
}
