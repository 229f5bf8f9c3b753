// LayerNormalization: the layer contract, values against a naive double loop over one or several
// axes (and rms_scaling, Keras 3's formula), the config's axis before and after build, and errors.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/normalization/layer_normalization.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Normalizes each group of elements sharing the coordinates off `axes` (x rank 3).
std::vector<double> naive_layer_norm(const Tensor& x, const std::vector<int>& axes, const std::vector<double>& gamma,
                                     const std::vector<double>& beta, double eps, bool rms) {
  const Shape& s = x.shape();
  std::vector<double> v = x.to_vector<double>(), out(v.size());
  auto in_axes = [&](int d) { return std::find(axes.begin(), axes.end(), d) != axes.end(); };
  auto key = [&](std::int64_t i, bool normalized) {  // coordinates on (or off) the normalized axes
    std::int64_t k = 0, rem = i;
    std::vector<std::int64_t> coord(3);
    for (int d = 2; d >= 0; --d) {
      coord[static_cast<std::size_t>(d)] = rem % s[d];
      rem /= s[d];
    }
    for (int d = 0; d < 3; ++d) {
      if (in_axes(d) == normalized) k = k * s[d] + coord[static_cast<std::size_t>(d)];
    }
    return k;
  };
  for (std::int64_t i = 0; i < s.size(); ++i) {
    double sum = 0, sq = 0, n = 0;
    for (std::int64_t j = 0; j < s.size(); ++j) {
      if (key(j, false) == key(i, false)) {
        sum += v[static_cast<std::size_t>(j)];
        n += 1;
      }
    }
    const double mean = sum / n;
    for (std::int64_t j = 0; j < s.size(); ++j) {
      if (key(j, false) == key(i, false)) sq += std::pow(v[static_cast<std::size_t>(j)] - mean, 2) / n;
    }
    const auto p = static_cast<std::size_t>(key(i, true));
    const double g = gamma.empty() ? 1.0 : gamma[p], b = beta.empty() ? 0.0 : beta[p];
    const double xi = v[static_cast<std::size_t>(i)];
    out[static_cast<std::size_t>(i)] = rms ? xi / std::sqrt(sq + eps) * g : (xi - mean) / std::sqrt(sq + eps) * g + b;
  }
  return out;
}

}  // namespace

TEST_CASE("LayerNormalization satisfies the layer contract", "[layers][normalization][layer_normalization]") {
  run_layer_test({.make = [] { return std::make_shared<LayerNormalization>(); },
                  .input_shape = {2, 5},
                  .expected_output_shape = Shape{2, 5},
                  .weight_names = {"gamma", "beta"},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<LayerNormalization>(LayerNormalization::Options{
                            .axis = {1, 2}, .gamma_initializer = "random_uniform", .beta_regularizer = "l1"});
                      },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {"gamma", "beta"},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<LayerNormalization>(
                            LayerNormalization::Options{.axis = {1}, .rms_scaling = true});
                      },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {"gamma"},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<LayerNormalization>(
                            LayerNormalization::Options{.center = false, .scale = false});
                      },
                  .input_shape = {3, 4},
                  .expected_output_shape = Shape{3, 4},
                  .weight_names = {},
                  .grad = {.eps = 1e-3}});
}

TEST_CASE("LayerNormalization normalizes each sample over its axes", "[layers][normalization][layer_normalization]") {
  Tensor x = random_tensor({2, 3, 4}, -3, 3, 4);
  struct Case {
    std::vector<int> axis;
    bool rms;
    Shape param;
  };
  for (const Case& c : std::vector<Case>{{{-1}, false, {4}},
                                         {{1}, false, {3}},
                                         {{1, 2}, false, {3, 4}},
                                         {{0, 2}, false, {2, 4}},
                                         {{-1}, true, {4}},
                                         {{2, 1}, true, {3, 4}}}) {
    INFO("axis " << Json(c.axis).dump() << " rms " << c.rms);
    LayerNormalization ln(LayerNormalization::Options{.axis = c.axis, .epsilon = 0.01, .rms_scaling = c.rms});
    ln.maybe_build(x.shape());
    Tensor gamma = random_tensor(c.param, 0.5f, 2, 5), beta = random_tensor(c.param, -1, 1, 6);
    ln.set_weights(c.rms ? std::vector<Tensor>{gamma} : std::vector<Tensor>{gamma, beta});
    std::vector<int> axes;
    for (int a : c.axis) axes.push_back(normalize_axis(a, 3));
    check_close(forward(ln, x),
                naive_layer_norm(x, axes, gamma.to_vector<double>(),
                                 c.rms ? std::vector<double>{} : beta.to_vector<double>(), 0.01, c.rms),
                1e-5, 1e-5);
  }
}

TEST_CASE("LayerNormalization writes axis as Keras does before and after build",
          "[layers][normalization][layer_normalization]") {
  LayerNormalization ln;
  Json c = ln.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "axis", "epsilon", "center", "scale",
                                         "rms_scaling", "beta_initializer", "gamma_initializer", "beta_regularizer",
                                         "gamma_regularizer", "beta_constraint", "gamma_constraint"});
  CHECK(c["axis"] == -1);
  ln.maybe_build({-1, 3, 4});
  CHECK(ln.get_config()["axis"] == Json::array({2}));  // Keras 3 keeps the canonical, sorted axes
  auto from_list = LayerNormalization::from_config(Json{{"name", "l"}, {"axis", {2, 1}}});
  CHECK(from_list->get_config()["axis"] == Json::array({2, 1}));
  auto from_int = LayerNormalization::from_config(Json{{"name", "l2"}, {"axis", 1}});
  CHECK(from_int->get_config()["axis"] == 1);
}

TEST_CASE("LayerNormalization rejects bad axes naming the layer",
          "[layers][normalization][layer_normalization][errors]") {
  LayerNormalization out_of_range(LayerNormalization::Options{.axis = {3}, .name = "ln_range"});
  REQUIRE_THROWS_WITH(out_of_range(Tensor::zeros({2, 3})),
                      Catch::Contains("\"ln_range\"") && Catch::Contains("axis 3") && Catch::Contains("(2, 3)"));
  LayerNormalization dup(LayerNormalization::Options{.axis = {1, -1}, .name = "ln_dup"});
  REQUIRE_THROWS_WITH(dup(Tensor::zeros({2, 3})), Catch::Contains("\"ln_dup\"") && Catch::Contains("duplicate"));
  REQUIRE_THROWS_WITH(LayerNormalization(LayerNormalization::Options{.axis = {}, .name = "ln_empty"}),
                      Catch::Contains("\"ln_empty\""));
  LayerNormalization built(LayerNormalization::Options{.name = "ln_built"});
  built.maybe_build({-1, 4});
  REQUIRE_THROWS_WITH(built(Tensor::zeros({2, 5})), Catch::Contains("ln_built") && Catch::Contains("(2, 5)"));
  REQUIRE_THROWS_WITH(LayerNormalization::from_config(Json{{"name", "l"}, {"axis", "last"}}),
                      Catch::Contains("LayerNormalization layer \"l\"") && Catch::Contains("'axis'"));
}
