#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "activations/activations.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

// Keras 3 formulas (keras/src/activations/activations.py), evaluated in double.
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }
double relu6(double x) { return std::min(std::max(x, 0.0), 6.0); }
double hard_sigmoid(double x) { return relu6(x + 3.0) / 6.0; }
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

const std::map<std::string, std::function<double(double)>>& elementwise_references() {
  static const std::map<std::string, std::function<double(double)>> refs = {
      {"linear", [](double x) { return x; }},
      {"relu", [](double x) { return std::max(x, 0.0); }},
      {"relu6", relu6},
      {"leaky_relu", [](double x) { return x >= 0 ? x : 0.2 * x; }},
      {"elu", [](double x) { return x > 0 ? x : std::expm1(x); }},
      {"selu", [](double x) { return kSeluScale * (x > 0 ? x : kSeluAlpha * std::expm1(x)); }},
      {"sigmoid", sigmoid},
      {"hard_sigmoid", hard_sigmoid},
      {"hard_silu", [](double x) { return x * hard_sigmoid(x); }},
      {"hard_swish", [](double x) { return x * hard_sigmoid(x); }},
      {"tanh", [](double x) { return std::tanh(x); }},
      {"softplus", softplus},
      {"softsign", [](double x) { return x / (1.0 + std::fabs(x)); }},
      {"silu", [](double x) { return x * sigmoid(x); }},
      {"swish", [](double x) { return x * sigmoid(x); }},
      {"gelu", [](double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }},
      {"mish", [](double x) { return x * std::tanh(softplus(x)); }},
      {"exponential", [](double x) { return std::exp(x); }},
  };
  return refs;
}

// -8 to 7.75 in steps of 0.25, then values that stress saturation and rounding near 0.
std::vector<float> grid() {
  std::vector<float> g;
  for (int i = -32; i < 32; ++i) g.push_back(0.25f * static_cast<float>(i));
  for (float v : {-100.0f, -50.0f, -20.0f, -1e-3f, 1e-3f, 20.0f, 50.0f, 100.0f}) g.push_back(v);
  return g;
}

// Row-wise softmax / log-softmax over the last axis of a (rows, cols) matrix.
std::vector<double> softmax_rows(const std::vector<float>& x, std::size_t cols, bool log) {
  std::vector<double> out(x.size());
  for (std::size_t r = 0; r < x.size() / cols; ++r) {
    double m = -INFINITY, sum = 0.0;
    for (std::size_t c = 0; c < cols; ++c) m = std::max(m, static_cast<double>(x[r * cols + c]));
    for (std::size_t c = 0; c < cols; ++c) sum += std::exp(x[r * cols + c] - m);
    for (std::size_t c = 0; c < cols; ++c) {
      double z = x[r * cols + c] - m;
      out[r * cols + c] = log ? z - std::log(sum) : std::exp(z) / sum;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Every registered activation computes its Keras 3 formula", "[activations]") {
  const std::vector<float> g = grid();
  REQUIRE(g.size() == 72);
  const Tensor x = tensor(g, {8, 9});
  std::size_t checked = 0;
  for (const std::string& name : activations::names()) {
    INFO(name);
    Tensor y = activations::get(name)(x);
    REQUIRE(y.shape() == x.shape());
    if (name == "softmax" || name == "log_softmax") {
      check_close(y, softmax_rows(g, 9, name == "log_softmax"), 1e-6, 1e-5);
      ++checked;
      continue;
    }
    auto it = elementwise_references().find(name);
    REQUIRE(it != elementwise_references().end());  // a newly registered name needs a reference here
    std::vector<double> expected, actual = y.to_vector<double>();
    for (float v : g) expected.push_back(it->second(v));
    for (std::size_t i = 0; i < expected.size(); ++i) {
      // exp(100) overflows float32 in Keras too: the result must be +inf, not NaN or a clamp.
      if (expected[i] > std::numeric_limits<float>::max()) {
        CHECK(actual[i] == std::numeric_limits<double>::infinity());
        expected[i] = actual[i] = 0.0;
      }
    }
    check_close(Tensor::from_vector(actual, x.shape()), expected, 1e-6, 1e-5);
    ++checked;
  }
  CHECK(checked == elementwise_references().size() + 2);
}

TEST_CASE("Activations at hand-checked points", "[activations]") {
  Tensor x = tensor({-4, -1, 0, 1, 4}, {5});
  check_close(activations::get("leaky_relu")(x), {-0.8, -0.2, 0, 1, 4});
  // Keras 3's hard_sigmoid is relu6(x + 3) / 6, not Keras 2's clip(0.2 x + 0.5, 0, 1).
  check_close(activations::get("hard_sigmoid")(x), {0, 1.0 / 3, 0.5, 2.0 / 3, 1});
  check_close(activations::get("hard_silu")(x), {0, -1.0 / 3, 0, 2.0 / 3, 4});
  check_close(activations::get("relu6")(tensor({-1, 3, 6, 9}, {4})), {0, 3, 6, 6});
  check_close(activations::get("selu")(tensor({1}, {1})), {1.05070098});
  check_close(activations::get("gelu")(tensor({1}, {1})), {0.8413447460685429});
  // softmax rows sum to one and ignore a constant shift; the axis is the last one.
  Tensor s = activations::softmax(tensor({1, 2, 3, 1001, 1002, 1003}, {2, 3}));
  std::vector<double> v = s.to_vector<double>();
  for (std::size_t i = 0; i < 3; ++i) CHECK(v[i] == Approx(v[i + 3]).epsilon(1e-6));
  CHECK(v[0] + v[1] + v[2] == Approx(1.0).epsilon(1e-6));
  // The named functions are the registered ones.
  check_close(activations::mish(x), activations::get("mish")(x).to_vector<double>(), 0, 0);
  check_close(activations::silu(x), activations::get("swish")(x).to_vector<double>(), 0, 0);
}

TEST_CASE("Keras' None and the empty name mean linear", "[activations]") {
  Tensor x = tensor({-3, 0.5f, 2}, {3});
  check_close(activations::get("None")(x), {-3, 0.5, 2}, 0, 0);
  check_close(activations::get("")(x), {-3, 0.5, 2}, 0, 0);
}

TEST_CASE("Unknown activation names list the valid ones", "[activations][errors]") {
  REQUIRE_THROWS_AS(activations::get("rleu"), ValueError);
  std::string message;
  try {
    activations::get("rleu");
  } catch (const ValueError& e) {
    message = e.what();
  }
  CHECK_THAT(message, Catch::Contains("Unknown activation 'rleu'"));
  for (const std::string& name : activations::names()) CHECK_THAT(message, Catch::Contains(name));
  // Names are case-sensitive, as in Keras.
  REQUIRE_THROWS_AS(activations::get("ReLU"), ValueError);
}

TEST_CASE("Activation gradients match finite differences", "[activations][gradients]") {
  // Points away from the kinks of relu (0), relu6 (0, 6) and hard_sigmoid (-3, 3).
  Tensor x = tensor({-3.7f, -2.9f, -2.2f, -1.3f, -0.6f, -0.15f, 0.2f, 0.7f, 1.4f, 2.1f, 2.8f, 3.3f}, {2, 6});
  std::size_t checked = 0;
  for (const std::string& name : activations::names()) {
    INFO(name);
    activations::Function f = activations::get(name);
    check_gradients([&](const std::vector<Tensor>& in) { return f(in[0]); }, {x.clone()},
                    GradcheckOptions{.eps = 1e-3, .atol = 1e-3, .rtol = 1e-2});
    ++checked;
  }
  CHECK(checked == 20);  // every registered name, aliases included
  // The composite ones on a wider range, including the saturated tails.
  Tensor wide = tensor({-7.5f, -4.2f, -2.95f, 2.95f, 4.2f, 7.5f}, {6});
  for (const char* name : {"hard_silu", "mish"}) {
    INFO(name);
    activations::Function f = activations::get(name);
    check_gradients([&](const std::vector<Tensor>& in) { return f(in[0]); }, {wide.clone()},
                    GradcheckOptions{.eps = 1e-3, .atol = 1e-3, .rtol = 1e-2});
  }
}
