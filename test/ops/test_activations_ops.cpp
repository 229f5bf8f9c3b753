// Activation ops (Keras 3 formulas) and softmax / log_softmax: values against formulas
// evaluated in double and hand-derived points, gradients against finite differences.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
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

constexpr double kSeluAlpha = 1.67326324;
constexpr double kSeluScale = 1.05070098;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double relu6(double x) { return std::min(std::max(x, 0.0), 6.0); }

struct Activation {
  std::string name;
  std::function<Tensor(const Tensor&)> op;
  std::function<double(double)> ref;
};

std::vector<Activation> activations() {
  return {
      {"relu", [](const Tensor& x) { return ops::relu(x); }, [](double x) { return x > 0 ? x : 0.0; }},
      {"relu6", [](const Tensor& x) { return ops::relu6(x); }, relu6},
      {"leaky_relu", [](const Tensor& x) { return ops::leaky_relu(x); }, [](double x) { return x > 0 ? x : 0.2 * x; }},
      {"leaky_relu(0.05)", [](const Tensor& x) { return ops::leaky_relu(x, 0.05f); },
       [](double x) { return x > 0 ? x : 0.05 * x; }},
      {"elu", [](const Tensor& x) { return ops::elu(x); }, [](double x) { return x > 0 ? x : std::exp(x) - 1.0; }},
      {"elu(0.5)", [](const Tensor& x) { return ops::elu(x, 0.5f); },
       [](double x) { return x > 0 ? x : 0.5 * (std::exp(x) - 1.0); }},
      {"selu", [](const Tensor& x) { return ops::selu(x); },
       [](double x) { return kSeluScale * (x > 0 ? x : kSeluAlpha * (std::exp(x) - 1.0)); }},
      {"sigmoid", [](const Tensor& x) { return ops::sigmoid(x); }, sigmoid},
      {"hard_sigmoid", [](const Tensor& x) { return ops::hard_sigmoid(x); },
       [](double x) { return relu6(x + 3.0) / 6.0; }},
      {"tanh", [](const Tensor& x) { return ops::tanh(x); }, [](double x) { return std::tanh(x); }},
      {"softplus", [](const Tensor& x) { return ops::softplus(x); },
       [](double x) { return std::log(1.0 + std::exp(x)); }},
      {"softsign", [](const Tensor& x) { return ops::softsign(x); }, [](double x) { return x / (1.0 + std::fabs(x)); }},
      {"silu", [](const Tensor& x) { return ops::silu(x); }, [](double x) { return x * sigmoid(x); }},
      {"gelu", [](const Tensor& x) { return ops::gelu(x); },
       [](double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }},
      {"gelu(approximate)", [](const Tensor& x) { return ops::gelu(x, true); },
       [](double x) {
         return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
       }},
  };
}

// At least 0.15 away from every kink (0, +-3 and 6).
Tensor kink_free_inputs() {
  return tensor({-6.5f, -4.0f, -2.7f, -1.3f, -0.6f, -0.15f, 0.2f, 0.45f, 0.9f, 1.7f, 2.6f, 3.4f, 4.8f, 6.3f, 7.1f},
                {3, 5});
}

}  // namespace

TEST_CASE("Activation ops follow the Keras 3 formulas", "[ops][activations]") {
  Tensor x = kink_free_inputs();
  Tensor extreme = tensor({-100, -30, -1e-4f, 0, 1e-4f, 30, 100}, {7});
  for (const auto& a : activations()) {
    INFO(a.name);
    for (const Tensor& in : {x, extreme}) {
      std::vector<double> expected;
      for (double v : in.to_vector<double>()) expected.push_back(a.ref(v));
      Tensor y = a.op(in);
      CHECK(y.shape() == in.shape());
      check_close(y, expected, 1e-6, 1e-5);
    }
  }
}

TEST_CASE("Activation ops at hand-derived points", "[ops][activations]") {
  Tensor x = tensor({-1, 0, 1}, {3});
  check_close(ops::relu(x), {0, 0, 1});
  check_close(ops::relu6(tensor({-1, 3, 7}, {3})), {0, 3, 6});
  check_close(ops::leaky_relu(x), {-0.2, 0, 1});
  check_close(ops::elu(x), {-0.6321205588, 0, 1});
  check_close(ops::selu(x), {-1.1113307378, 0, 1.05070098});
  check_close(ops::sigmoid(x), {0.2689414214, 0.5, 0.7310585786});
  // relu6(x + 3) / 6: -3 -> 0, 0 -> 0.5, 1.5 -> 0.75, 3 -> 1 (not Keras 2's 0.2x + 0.5).
  check_close(ops::hard_sigmoid(tensor({-3, 0, 1.5f, 3}, {4})), {0, 0.5, 0.75, 1});
  check_close(ops::softplus(x), {0.3132616875, 0.6931471806, 1.3132616875});
  check_close(ops::softsign(tensor({-3, 0, 1}, {3})), {-0.75, 0, 0.5});
  check_close(ops::silu(x), {-0.2689414214, 0, 0.7310585786});
  check_close(ops::gelu(x), {-0.1586552539, 0, 0.8413447461});
  check_close(ops::gelu(x, true), {-0.1588080094, 0, 0.8411919906});
  // Saturation without overflow: no inf/nan at the extremes.
  check_close(ops::sigmoid(tensor({-100, 100}, {2})), {0, 1});
  check_close(ops::softplus(tensor({-100, 100}, {2})), {0, 100});
}

TEST_CASE("Activation op gradients match finite differences", "[ops][activations][grad]") {
  for (const auto& a : activations()) {
    INFO(a.name);
    check_gradients([&](const std::vector<Tensor>& in) { return a.op(in[0]); }, {kink_free_inputs()});
  }
}

TEST_CASE("Activation gradients stay finite when saturated", "[ops][activations][grad]") {
  for (const auto& a : activations()) {
    INFO(a.name);
    Tensor x = tensor({-100, 100}, {2});
    autograd::GradientTape tape;
    tape.watch(x);
    std::vector<double> g = tape.gradient(a.op(x), {x})[0].to_vector<double>();
    CHECK(std::isfinite(g[0]));
    CHECK(std::isfinite(g[1]));
  }
}

namespace {

// softmax (or log-softmax) of x along `axis`, in double, by index arithmetic.
std::vector<double> naive_softmax(const Tensor& x, int axis, bool log) {
  Shape s = x.shape();
  std::vector<std::int64_t> st = ref::strides_of(s);
  std::vector<double> v = x.to_vector<double>(), out(v.size());
  std::int64_t len = s[axis], step = st[static_cast<std::size_t>(axis)];
  for (std::int64_t i = 0; i < x.size(); ++i) {
    if ((i / step) % len != 0) continue;  // i starts a row along `axis`
    double m = -INFINITY, total = 0.0;
    for (std::int64_t l = 0; l < len; ++l) m = std::max(m, v[static_cast<std::size_t>(i + l * step)]);
    for (std::int64_t l = 0; l < len; ++l) total += std::exp(v[static_cast<std::size_t>(i + l * step)] - m);
    for (std::int64_t l = 0; l < len; ++l) {
      double e = v[static_cast<std::size_t>(i + l * step)] - m;
      out[static_cast<std::size_t>(i + l * step)] = log ? e - std::log(total) : std::exp(e) / total;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("softmax and log_softmax along the last and a middle axis", "[ops][activations][softmax]") {
  Tensor x = random_tensor({2, 3, 4}, -3.0f, 3.0f, 5);
  for (bool log : {false, true}) {
    for (int axis : {-1, 2, 1, 0}) {
      INFO("log=" << log << " axis=" << axis);
      Tensor y = log ? ops::log_softmax(x, axis) : ops::softmax(x, axis);
      REQUIRE(y.shape() == x.shape());
      check_close(y, naive_softmax(x, axis < 0 ? axis + 3 : axis, log), 1e-6, 1e-5);
    }
  }
  // Rows along axis 1 sum to one.
  check_close(ops::sum(ops::softmax(x, 1), {1}), std::vector<double>(8, 1.0));
  // Shift invariance keeps large logits finite.
  check_close(ops::softmax(tensor({1000, 1001, 1002}, {3})), {0.0900305732, 0.2447284711, 0.6652409558});
  check_close(ops::log_softmax(tensor({-1000, -1000}, {2})), {-0.6931471806, -0.6931471806}, 1e-4);
  check_close(ops::softmax(tensor({7}, {1, 1})), {1});
}

TEST_CASE("softmax and log_softmax gradients match finite differences", "[ops][activations][softmax][grad]") {
  for (int axis : {-1, 1}) {
    INFO("axis " << axis);
    Tensor x = random_tensor({2, 3, 4}, -2.0f, 2.0f, 9);
    check_gradients([axis](const std::vector<Tensor>& in) { return ops::softmax(in[0], axis); }, {x});
    check_gradients([axis](const std::vector<Tensor>& in) { return ops::log_softmax(in[0], axis); }, {x});
  }
}

TEST_CASE("softmax rejects an axis outside the tensor's rank", "[ops][activations][softmax][errors]") {
  REQUIRE_THROWS_AS(ops::softmax(Tensor::zeros({2, 3}), 2), ValueError);
  REQUIRE_THROWS_WITH(ops::log_softmax(Tensor::zeros({2, 3}), -3), Catch::Contains("-3") && Catch::Contains("rank 2"));
}
