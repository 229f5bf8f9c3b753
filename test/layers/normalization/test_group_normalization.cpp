// GroupNormalization: the layer contract, values against a naive double loop (channels last and
// first, instance normalization), the stored groups after build, and errors naming the layer.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/normalization/group_normalization.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Each (sample, group) is normalized over all its elements; then per-channel gamma and beta.
std::vector<double> naive_group_norm(const Tensor& x, int axis, std::int64_t groups, const std::vector<double>& gamma,
                                     const std::vector<double>& beta, double eps) {
  const Shape& s = x.shape();
  std::vector<double> v = x.to_vector<double>(), out(v.size());
  std::int64_t inner = 1;
  for (int d = axis + 1; d < s.rank(); ++d) inner *= s[d];
  const std::int64_t per_sample = s.size() / s[0], c = s[axis], size = c / groups;
  auto channel = [&](std::int64_t i) { return (i / inner) % c; };
  for (std::int64_t n = 0; n < s[0]; ++n) {
    for (std::int64_t g = 0; g < groups; ++g) {
      double sum = 0, sq = 0, count = 0;
      for (std::int64_t i = n * per_sample; i < (n + 1) * per_sample; ++i) {
        if (channel(i) / size == g) {
          sum += v[static_cast<std::size_t>(i)];
          count += 1;
        }
      }
      const double mean = sum / count;
      for (std::int64_t i = n * per_sample; i < (n + 1) * per_sample; ++i) {
        if (channel(i) / size == g) sq += std::pow(v[static_cast<std::size_t>(i)] - mean, 2) / count;
      }
      for (std::int64_t i = n * per_sample; i < (n + 1) * per_sample; ++i) {
        if (channel(i) / size != g) continue;
        const auto k = static_cast<std::size_t>(channel(i));
        out[static_cast<std::size_t>(i)] =
            (v[static_cast<std::size_t>(i)] - mean) / std::sqrt(sq + eps) * gamma[k] + beta[k];
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("GroupNormalization satisfies the layer contract", "[layers][normalization][group_normalization]") {
  run_layer_test({.make = [] { return std::make_shared<GroupNormalization>(2); },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {"gamma", "beta"},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<GroupNormalization>(
                            -1, GroupNormalization::Options{.axis = 1, .center = false});
                      },
                  .input_shape = {2, 3, 2, 2},
                  .expected_output_shape = Shape{2, 3, 2, 2},
                  .weight_names = {"gamma"},
                  .grad = {.eps = 1e-3}});
}

TEST_CASE("GroupNormalization normalizes each sample's channel groups",
          "[layers][normalization][group_normalization]") {
  struct Case {
    Shape shape;
    int axis;
    std::int64_t groups;
  };
  for (const Case& c : std::vector<Case>{
           {{2, 3, 6}, -1, 3}, {{2, 4, 3, 2}, 1, 2}, {{3, 4}, -1, 2}, {{2, 5, 4}, -1, -1}, {{2, 2, 6, 3}, 2, 1}}) {
    INFO("shape " << c.shape.to_string() << " axis " << c.axis << " groups " << c.groups);
    GroupNormalization gn(c.groups, GroupNormalization::Options{.axis = c.axis, .epsilon = 0.01});
    Tensor x = random_tensor(c.shape, -2, 3, 7);
    const int a = normalize_axis(c.axis, c.shape.rank());
    gn.maybe_build(x.shape());
    Tensor gamma = random_tensor({c.shape[a]}, 0.5f, 2, 8), beta = random_tensor({c.shape[a]}, -1, 1, 9);
    gn.set_weights({gamma, beta});
    const std::int64_t groups = c.groups == -1 ? c.shape[a] : c.groups;
    check_close(forward(gn, x),
                naive_group_norm(x, a, groups, gamma.to_vector<double>(), beta.to_vector<double>(), 0.01), 1e-5, 1e-5);
  }
}

TEST_CASE("GroupNormalization writes Keras' config, with groups resolved once built",
          "[layers][normalization][group_normalization]") {
  GroupNormalization gn(-1);
  Json c = gn.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "groups", "axis", "epsilon", "center", "scale",
                                         "beta_initializer", "gamma_initializer", "beta_regularizer",
                                         "gamma_regularizer", "beta_constraint", "gamma_constraint"});
  CHECK(c["groups"] == -1);
  gn.maybe_build({-1, 7});
  CHECK(gn.get_config()["groups"] == 7);
  CHECK(GroupNormalization::from_config(Json{{"name", "g"}})->get_config()["groups"] == 32);
}

TEST_CASE("GroupNormalization rejects bad groups naming the layer",
          "[layers][normalization][group_normalization][errors]") {
  REQUIRE_THROWS_WITH(GroupNormalization(0, GroupNormalization::Options{.name = "gn_zero"}),
                      Catch::Contains("\"gn_zero\"") && Catch::Contains("groups=0"));
  GroupNormalization too_many(8, GroupNormalization::Options{.name = "gn_many"});
  REQUIRE_THROWS_WITH(too_many(Tensor::zeros({2, 4})),
                      Catch::Contains("\"gn_many\"") && Catch::Contains("(8)") && Catch::Contains("(4)"));
  GroupNormalization uneven(3, GroupNormalization::Options{.name = "gn_uneven"});
  REQUIRE_THROWS_WITH(uneven(Tensor::zeros({2, 4})), Catch::Contains("\"gn_uneven\"") && Catch::Contains("divide"));
  GroupNormalization batch_axis(1, GroupNormalization::Options{.axis = 0, .name = "gn_batch"});
  REQUIRE_THROWS_WITH(batch_axis(Tensor::zeros({2, 4})), Catch::Contains("\"gn_batch\"") && Catch::Contains("batch"));
  GroupNormalization built(2, GroupNormalization::Options{.name = "gn_built"});
  built.maybe_build({-1, 4});
  REQUIRE_THROWS_WITH(built(Tensor::zeros({2, 6})), Catch::Contains("gn_built") && Catch::Contains("(2, 6)"));
}
