// BatchNormalization: the layer contract, inference and training values against a naive double
// loop, the moving-average updates (Keras 3's momentum form), frozen layers, masks, Keras-computed
// cases, training inside a model, and errors that name the layer.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/dense.h"
#include "layers/normalization/batch_normalization.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/model/sequential.h"
#include "libkeras/utils/error.h"
#include "optimizers/optimizers.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"
#include "test/support/kerasjs_cases.h"
#include "test/support/layer_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Channel statistics of x along `axis`, in double: {mean, biased variance} per channel.
std::pair<std::vector<double>, std::vector<double>> naive_moments(const Tensor& x, int axis) {
  std::vector<double> v = x.to_vector<double>();
  std::int64_t inner = 1;
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const std::int64_t c = x.dim(axis);
  std::vector<double> sum(static_cast<std::size_t>(c)), sq(static_cast<std::size_t>(c)), n(static_cast<std::size_t>(c));
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto k = static_cast<std::size_t>((static_cast<std::int64_t>(i) / inner) % c);
    sum[k] += v[i];
    n[k] += 1;
  }
  for (std::size_t k = 0; k < sum.size(); ++k) sum[k] /= n[k];
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto k = static_cast<std::size_t>((static_cast<std::int64_t>(i) / inner) % c);
    sq[k] += (v[i] - sum[k]) * (v[i] - sum[k]) / n[k];
  }
  return {sum, sq};
}

std::vector<double> naive_normalize(const Tensor& x, int axis, const std::vector<double>& mean,
                                    const std::vector<double>& var, const std::vector<double>& gamma,
                                    const std::vector<double>& beta, double eps) {
  std::vector<double> v = x.to_vector<double>();
  std::int64_t inner = 1;
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto k = static_cast<std::size_t>((static_cast<std::int64_t>(i) / inner) % x.dim(axis));
    v[i] =
        (v[i] - mean[k]) / std::sqrt(var[k] + eps) * (gamma.empty() ? 1.0 : gamma[k]) + (beta.empty() ? 0.0 : beta[k]);
  }
  return v;
}

std::vector<double> values(const Variable* v) { return v->value().to_vector<double>(); }

Variable* weight(const Layer& layer, const std::string& name) {
  for (Variable* v : layer.weights()) {
    if (v->name() == name) return v;
  }
  FAIL("no weight " << name);
  return nullptr;
}

}  // namespace

TEST_CASE("BatchNormalization satisfies the layer contract", "[layers][normalization][batch_normalization]") {
  run_layer_test({.make = [] { return std::make_shared<BatchNormalization>(); },
                  .input_shape = {4, 3},
                  .expected_output_shape = Shape{4, 3},
                  .weight_names = {"gamma", "beta", "moving_mean", "moving_variance"},
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<BatchNormalization>(BatchNormalization::Options{
                            .axis = 1, .center = false, .moving_variance_initializer = initializers::Constant(2.0)});
                      },
                  .input_shape = {2, 3, 4},
                  .expected_output_shape = Shape{2, 3, 4},
                  .weight_names = {"gamma", "moving_mean", "moving_variance"},
                  .input_lo = 0.5f,
                  .input_hi = 1.5f,
                  .grad = {.eps = 1e-3}});
  run_layer_test({.make =
                      [] {
                        return std::make_shared<BatchNormalization>(BatchNormalization::Options{
                            .scale = false, .beta_regularizer = "l2", .synchronized = true});
                      },
                  .input_shape = {2, 2, 2, 3},
                  .expected_output_shape = Shape{2, 2, 2, 3},
                  .weight_names = {"beta", "moving_mean", "moving_variance"},
                  .grad = {.eps = 1e-3}});
}

TEST_CASE("BatchNormalization writes Keras' config keys in Keras' order",
          "[layers][normalization][batch_normalization]") {
  BatchNormalization bn(BatchNormalization::Options{.momentum = 0.9, .name = "bn"});
  Json c = bn.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale",
                                         "beta_initializer", "gamma_initializer", "moving_mean_initializer",
                                         "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
                                         "beta_constraint", "gamma_constraint", "synchronized"});
  CHECK(c["momentum"] == 0.9);
  CHECK(c["epsilon"] == 1e-3);
  CHECK(c["gamma_initializer"]["class_name"] == "Ones");
  CHECK(c["beta_regularizer"].is_null());
}

TEST_CASE("BatchNormalization at inference uses the moving statistics",
          "[layers][normalization][batch_normalization]") {
  for (int axis : {-1, 1, 0}) {
    INFO("axis " << axis);
    BatchNormalization bn(BatchNormalization::Options{.axis = axis, .epsilon = 0.01});
    Tensor x = random_tensor({3, 4, 2}, -2, 2, 5);
    const int a = normalize_axis(axis, 3);
    const std::int64_t c = x.dim(a);
    bn.maybe_build(x.shape());
    Tensor gamma = random_tensor({c}, 0.5f, 2, 6), beta = random_tensor({c}, -1, 1, 7);
    Tensor mean = random_tensor({c}, -0.5f, 0.5f, 8), var = random_tensor({c}, 0.5f, 2, 9);
    bn.set_weights({gamma, beta, mean, var});
    check_close(forward(bn, x),
                naive_normalize(x, a, mean.to_vector<double>(), var.to_vector<double>(), gamma.to_vector<double>(),
                                beta.to_vector<double>(), 0.01),
                1e-5, 1e-5);
    // Inference leaves the moving statistics alone.
    check_close(weight(bn, "moving_mean")->value(), mean, 0, 0);
  }
}

TEST_CASE("BatchNormalization in training normalizes with batch statistics and updates the moving ones",
          "[layers][normalization][batch_normalization]") {
  BatchNormalization bn(BatchNormalization::Options{.axis = 2, .momentum = 0.9});
  Tensor x = random_tensor({4, 3, 5}, 1, 4, 10);
  auto [mean, var] = naive_moments(x, 2);
  Tensor y = forward(bn, x, true);
  check_close(y, naive_normalize(x, 2, mean, var, {}, {}, 1e-3), 1e-5, 1e-4);
  // moving = moving * momentum + batch * (1 - momentum), from zeros and ones.
  std::vector<double> mm, mv;
  for (std::size_t k = 0; k < mean.size(); ++k) {
    mm.push_back(0.1 * mean[k]);
    mv.push_back(0.9 + 0.1 * var[k]);
  }
  check_close(weight(bn, "moving_mean")->value(), mm, 1e-6, 1e-5);
  check_close(weight(bn, "moving_variance")->value(), mv, 1e-6, 1e-5);
  // A second batch moves them again, from where they are.
  Tensor x2 = random_tensor({4, 3, 5}, -1, 0, 11);
  auto [mean2, var2] = naive_moments(x2, 2);
  forward(bn, x2, true);
  for (std::size_t k = 0; k < mean.size(); ++k) {
    mm[k] = 0.9 * mm[k] + 0.1 * mean2[k];
    mv[k] = 0.9 * mv[k] + 0.1 * var2[k];
  }
  check_close(weight(bn, "moving_mean")->value(), mm, 1e-6, 1e-5);
  check_close(weight(bn, "moving_variance")->value(), mv, 1e-6, 1e-5);
  // Inference now uses exactly those moving statistics.
  check_close(forward(bn, x), naive_normalize(x, 2, mm, mv, {}, {}, 1e-3), 1e-5, 1e-4);
}

TEST_CASE("A frozen BatchNormalization runs in inference mode even when training",
          "[layers][normalization][batch_normalization]") {
  BatchNormalization bn;
  Tensor x = random_tensor({5, 2}, 3, 5, 12);
  bn.maybe_build(x.shape());
  bn.set_trainable(false);
  std::vector<double> before = values(weight(bn, "moving_mean"));
  check_close(forward(bn, x, true), forward(bn, x, false), 0, 0);
  CHECK(values(weight(bn, "moving_mean")) == before);
  CHECK(bn.trainable_weights().empty());
  CHECK(bn.non_trainable_weights().size() == 4);
}

TEST_CASE("BatchNormalization gradients in training flow through the batch statistics",
          "[layers][normalization][batch_normalization][grad]") {
  BatchNormalization bn(BatchNormalization::Options{.axis = 1});
  Tensor x = random_tensor({3, 2, 2}, -1, 1, 13);
  bn.maybe_build(x.shape());
  bn.set_weights(
      {random_tensor({2}, 0.5f, 1.5f, 14), random_tensor({2}, -1, 1, 15), Tensor::zeros({2}), Tensor::ones({2})});
  std::vector<Tensor> trainable;
  for (Variable* v : bn.trainable_weights()) trainable.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return bn(in[0], true); }, {x}, {.eps = 1e-3}, trainable);
}

TEST_CASE("BatchNormalization with a mask takes statistics over the unmasked steps only",
          "[layers][normalization][batch_normalization][mask]") {
  BatchNormalization bn(BatchNormalization::Options{.momentum = 0.0});
  Tensor x = random_tensor({2, 3, 2}, -1, 1, 16);
  Tensor mask = tensor({1, 1, 0, 1, 0, 0}, {2, 3});
  x.set_mask(mask);
  Tensor y = forward(bn, x, true);
  // Kept steps: (0,0), (0,1), (1,0). Keras divides by (count + 1e-7).
  std::vector<double> v = x.to_vector<double>(), mean(2), var(2);
  const std::size_t kept[] = {0, 1, 3};
  for (int c = 0; c < 2; ++c) {
    for (std::size_t s : kept) mean[static_cast<std::size_t>(c)] += v[s * 2 + static_cast<std::size_t>(c)] / (3 + 1e-7);
    for (std::size_t s : kept) {
      double d = v[s * 2 + static_cast<std::size_t>(c)] - mean[static_cast<std::size_t>(c)];
      var[static_cast<std::size_t>(c)] += d * d / (3 + 1e-7);
    }
  }
  check_close(y, naive_normalize(x, 2, mean, var, {}, {}, 1e-3), 1e-5, 1e-4);
  check_close(weight(bn, "moving_mean")->value(), mean, 1e-6, 1e-5);  // momentum 0: the batch values
  CHECK(y.mask().defined());                                          // the mask passes through
  Tensor bad = random_tensor({2, 3, 2});
  bad.set_mask(Tensor::ones({2, 3, 2}));
  REQUIRE_THROWS_WITH(forward(bn, bad, true), Catch::Contains("one dimension less") && Catch::Contains(bn.name()));
}

TEST_CASE("BatchNormalization matches Keras-computed outputs",
          "[layers][normalization][batch_normalization][keras-samples]") {
  for (const auto& c : load_kerasjs_cases("BatchNormalization")) {
    INFO(c.name);
    const Json& kw = c.layer_config["kwargs"];
    BatchNormalization bn(BatchNormalization::Options{.axis = kw.value("axis", -1),
                                                      .epsilon = kw.value("epsilon", 1e-3),
                                                      .center = kw.value("center", true),
                                                      .scale = kw.value("scale", true)});
    bn.maybe_build(c.input.shape());
    bn.set_weights(c.weights);
    check_close(forward(bn, c.input), c.expected, 1e-5, 1e-4);
  }
}

TEST_CASE("BatchNormalization trains inside a model and keeps its moving statistics",
          "[layers][normalization][batch_normalization][model]") {
  Sequential model{Input({3}), Dense(4), BatchNormalization(BatchNormalization::Options{.name = "bn"}), Dense(1)};
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.05}), .loss = "mse"});
  Tensor x = random_tensor({32, 3}, 1, 3, 17), y = random_tensor({32, 1}, -1, 1, 18);
  auto history = model.fit(x, y, {.batch_size = 8, .epochs = 5, .verbose = 0});
  CHECK(history.history["loss"].back() < history.history["loss"].front());
  const Layer& bn = *model.layers()[1];
  CHECK(bn.name() == "bn");
  CHECK(bn.trainable_weights().size() == 2);
  // 20 training steps moved the moving mean away from its zero start; predict() leaves it.
  std::vector<double> moving = values(weight(bn, "moving_mean"));
  CHECK(std::any_of(moving.begin(), moving.end(), [](double m) { return std::fabs(m) > 1e-3; }));
  model.predict(x, {.verbose = 0});
  CHECK(values(weight(bn, "moving_mean")) == moving);
}

TEST_CASE("BatchNormalization rejects bad arguments and inputs naming the layer",
          "[layers][normalization][batch_normalization][errors]") {
  REQUIRE_THROWS_WITH(BatchNormalization(BatchNormalization::Options{.epsilon = 0.0, .name = "b0"}),
                      Catch::Contains("\"b0\"") && Catch::Contains("epsilon"));
  BatchNormalization bn(BatchNormalization::Options{.axis = 3, .name = "bn_axis"});
  REQUIRE_THROWS_WITH(bn(Tensor::zeros({2, 3})), Catch::Contains("\"bn_axis\"") && Catch::Contains("axis=3"));
  BatchNormalization built(BatchNormalization::Options{.name = "bn_built"});
  built.maybe_build({-1, 3});
  REQUIRE_THROWS_WITH(built(Tensor::zeros({2, 4})), Catch::Contains("bn_built") && Catch::Contains("(2, 4)"));
  REQUIRE_THROWS_WITH(BatchNormalization::from_config(Json{{"name", "b"}, {"momentum", "high"}}),
                      Catch::Contains("BatchNormalization layer \"b\"") && Catch::Contains("'momentum'"));
  REQUIRE_THROWS_WITH(BatchNormalization::from_config(Json{{"name", "b"}, {"gamma_regularizer", "l7"}}),
                      Catch::Contains("\"b\"") && Catch::Contains("'gamma_regularizer'"));
}
