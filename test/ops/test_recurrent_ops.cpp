// The fused whole-sequence recurrent ops (simple_rnn_sequence, lstm_sequence, gru_sequence)
// against a slow reference: Keras' RNN loop written step by step in basic ops (matmul, slices,
// activations, where), whose tape gives reference gradients. Values, gradients of every input
// (also against finite differences), masks, go_backwards, zero_output_for_mask, per-gate dropout
// masks, a threaded batch size, the gate activations against libm, a 10 000-step chain, errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>

#include "activations/activations.h"
#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::testing;

namespace {

enum class Kind { simple, lstm, gru };

struct Seq {
  std::string name = "";
  Kind kind = Kind::lstm;
  bool reset_after = true;
  int B = 2, T = 5, D = 3, U = 3;
  bool bias = true, mask = false, backwards = false, zero_out = false;
  int in_drop = 0, rec_drop = 0;  // dropout masks: 0 none, 1 shared, gates per gate
  std::string act = "tanh", rec_act = "sigmoid";
};

int gates(Kind k) { return k == Kind::simple ? 1 : k == Kind::lstm ? 4 : 3; }

struct Args {
  Tensor x, kernel, rk, bias;
  std::vector<Tensor> states;
  ops::RnnSequenceOptions o;
};

Tensor dropout_mask(int count, int B, int width, unsigned seed) {
  std::vector<float> v = random_values(static_cast<std::size_t>(count * B * width), 0.0f, 1.0f, seed);
  for (float& m : v) m = m < 0.3f ? 0.0f : 1.0f / 0.7f;
  return Tensor::from_vector(v, Shape{count, B, width});
}

Args make_args(const Seq& s) {
  const int G = gates(s.kind);
  Args a;
  a.x = random_tensor({s.B, s.T, s.D}, -1.0f, 1.0f, 11);
  // Scaled by fan-in so large problems stay out of saturation, where 1 - tanh^2 has few correct digits.
  const float kr = 1.2f / std::sqrt(static_cast<float>(s.D)), rr = 1.2f / std::sqrt(static_cast<float>(s.U));
  a.kernel = random_tensor({s.D, G * s.U}, -kr, kr, 12);
  a.rk = random_tensor({s.U, G * s.U}, -rr, rr, 13);
  if (s.bias) {
    const bool two = s.kind == Kind::gru && s.reset_after;
    a.bias = random_tensor(two ? Shape{2, G * s.U} : Shape{G * s.U}, -0.3f, 0.3f, 14);
  }
  a.states.push_back(random_tensor({s.B, s.U}, -0.5f, 0.5f, 15));
  if (s.kind == Kind::lstm) a.states.push_back(random_tensor({s.B, s.U}, -0.5f, 0.5f, 16));
  if (s.mask) {
    // Leading, middle and trailing masked steps, differing per sample.
    std::vector<float> m(static_cast<std::size_t>(s.B * s.T), 1.0f);
    for (int b = 0; b < s.B; ++b) {
      for (int t = 0; t < s.T; ++t) {
        if ((b % 2 == 0 && t < 2) || (b % 2 == 1 && (t == 2 || t == s.T - 1)) || (b + t) % 7 == 0) {
          m[static_cast<std::size_t>(b * s.T + t)] = 0.0f;
        }
      }
    }
    a.o.mask = Tensor::from_vector(m, Shape{s.B, s.T});
  }
  if (s.in_drop) a.o.input_dropout = dropout_mask(s.in_drop, s.B, s.D, 17);
  if (s.rec_drop) a.o.recurrent_dropout = dropout_mask(s.rec_drop, s.B, s.U, 18);
  a.o.activation = s.act;
  a.o.recurrent_activation = s.rec_act;
  a.o.go_backwards = s.backwards;
  a.o.zero_output_for_mask = s.zero_out;
  a.o.reset_after = s.reset_after;
  return a;
}

std::vector<Tensor> fused(const Seq& s, const Args& a) {
  switch (s.kind) {
    case Kind::simple: return ops::simple_rnn_sequence(a.x, a.states[0], a.kernel, a.rk, a.bias, a.o);
    case Kind::lstm: return ops::lstm_sequence(a.x, a.states[0], a.states[1], a.kernel, a.rk, a.bias, a.o);
    case Kind::gru: return ops::gru_sequence(a.x, a.states[0], a.kernel, a.rk, a.bias, a.o);
  }
  return {};
}

// Keras' cells (implementation 1: per-gate products) in basic ops, one step at a time.
std::vector<Tensor> reference(const Seq& s, const Args& a) {
  const auto act = activations::get(s.act), ract = activations::get(s.rec_act);
  const int U = s.U;
  auto gate = [&](const Tensor& w, int g) { return ops::slice_axis(w, -1, g * U, (g + 1) * U); };
  auto drop = [&](const Tensor& v, const Tensor& m, int g) {
    if (!m.defined()) return v;
    const int k = m.dim(0) == 1 ? 0 : g;
    return ops::multiply(v, ops::squeeze(ops::slice_axis(m, 0, k, k + 1), 0));
  };
  const bool two_biases = s.kind == Kind::gru && s.reset_after && s.bias;
  const Tensor b_in = two_biases ? ops::squeeze(ops::slice_axis(a.bias, 0, 0, 1), 0) : a.bias;
  const Tensor b_rec = two_biases ? ops::squeeze(ops::slice_axis(a.bias, 0, 1, 2), 0) : Tensor();
  const Tensor one = Tensor::scalar(1.0f);
  Tensor h = a.states[0], c = s.kind == Kind::lstm ? a.states[1] : Tensor();
  Tensor prev = Tensor::zeros({s.B, U});
  std::vector<Tensor> outputs;
  for (int step = 0; step < s.T; ++step) {
    const int t = s.backwards ? s.T - 1 - step : step;
    const Tensor xt = ops::squeeze(ops::slice_axis(a.x, 1, t, t + 1), 1);
    auto xin = [&](int g) {
      Tensor z = ops::matmul(drop(xt, a.o.input_dropout, g), gate(a.kernel, g));
      return s.bias ? ops::add(z, gate(b_in, g)) : z;
    };
    auto hin = [&](int g) {
      Tensor z = ops::matmul(drop(h, a.o.recurrent_dropout, g), gate(a.rk, g));
      return b_rec.defined() ? ops::add(z, gate(b_rec, g)) : z;
    };
    Tensor h_new, c_new;
    if (s.kind == Kind::simple) {
      h_new = act(ops::add(xin(0), hin(0)));
    } else if (s.kind == Kind::lstm) {
      const Tensor i = ract(ops::add(xin(0), hin(0))), f = ract(ops::add(xin(1), hin(1)));
      const Tensor cc = act(ops::add(xin(2), hin(2))), o = ract(ops::add(xin(3), hin(3)));
      c_new = ops::add(ops::multiply(f, c), ops::multiply(i, cc));
      h_new = ops::multiply(o, act(c_new));
    } else {
      const Tensor z = ract(ops::add(xin(0), hin(0))), r = ract(ops::add(xin(1), hin(1)));
      const Tensor rec_h = s.reset_after
                               ? ops::multiply(r, hin(2))
                               : ops::matmul(ops::multiply(r, drop(h, a.o.recurrent_dropout, 2)), gate(a.rk, 2));
      const Tensor hh = act(ops::add(xin(2), rec_h));
      h_new = ops::add(ops::multiply(z, h), ops::multiply(ops::subtract(one, z), hh));
    }
    Tensor y = h_new;
    if (a.o.mask.defined()) {
      const Tensor m = ops::reshape(ops::slice_axis(a.o.mask, 1, t, t + 1), Shape{s.B, 1});
      y = ops::where(m, h_new, s.zero_out ? Tensor::zeros({s.B, U}) : prev);
      h = ops::where(m, h_new, h);
      if (c.defined()) c = ops::where(m, c_new, c);
    } else {
      h = h_new;
      c = c_new;
    }
    outputs.push_back(y);
    prev = y;
  }
  std::vector<Tensor> out{ops::stack(outputs, 1), h};
  if (c.defined()) out.push_back(c);
  return out;
}

// Gradients of sum(outputs * w) for fixed random w, with respect to x, states and weights.
std::vector<Tensor> gradients(const std::function<std::vector<Tensor>(const Args&)>& f, const Args& a) {
  std::vector<Tensor> sources{a.x};
  sources.insert(sources.end(), a.states.begin(), a.states.end());
  sources.push_back(a.kernel);
  sources.push_back(a.rk);
  if (a.bias.defined()) sources.push_back(a.bias);
  autograd::GradientTape tape;
  for (const Tensor& t : sources) tape.watch(t);
  std::vector<Tensor> out = f(a);
  Tensor loss = Tensor::scalar(0.0f);
  for (std::size_t i = 0; i < out.size(); ++i) {
    loss = ops::add(loss, ops::sum(ops::multiply(out[i], random_tensor(out[i].shape(), -1, 1, 40 + i))));
  }
  return tape.gradient(loss, sources);
}

void check_against_reference(const Seq& s) {
  INFO(s.name);
  const Args a = make_args(s);
  std::vector<Tensor> got, want;
  {
    autograd::NoGradGuard no_grad;
    got = fused(s, a);
    want = reference(s, a);
  }
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) check_close(got[i], want[i], 2e-5, 1e-4);
  const auto g_fused = gradients([&](const Args& x) { return fused(s, x); }, a);
  const auto g_ref = gradients([&](const Args& x) { return reference(s, x); }, a);
  for (std::size_t i = 0; i < g_ref.size(); ++i) {
    INFO("gradient " << i);
    REQUIRE(g_fused[i].defined());
    check_close(g_fused[i], g_ref[i], 1e-4, 1e-3);
  }
}

const std::vector<Seq> kCases = {
    {.name = "SimpleRNN tanh", .kind = Kind::simple},
    {.name = "SimpleRNN relu, mask, backwards", .kind = Kind::simple, .mask = true, .backwards = true, .act = "relu"},
    {.name = "SimpleRNN shared dropout, no bias", .kind = Kind::simple, .bias = false, .in_drop = 1, .rec_drop = 1},
    {.name = "LSTM"},
    {.name = "LSTM mask, zero outputs", .mask = true, .zero_out = true},
    {.name = "LSTM mask, backwards", .mask = true, .backwards = true},
    {.name = "LSTM per-gate dropout", .in_drop = 4, .rec_drop = 4},
    {.name = "LSTM shared input dropout", .in_drop = 1},
    {.name = "LSTM hard_sigmoid, relu, no bias", .bias = false, .act = "relu", .rec_act = "hard_sigmoid"},
    {.name = "LSTM softsign, elu", .act = "softsign", .rec_act = "elu"},
    {.name = "GRU reset_after", .kind = Kind::gru},
    {.name = "GRU reset_before", .kind = Kind::gru, .reset_after = false},
    {.name = "GRU reset_after, dropout, mask, backwards", .kind = Kind::gru, .mask = true, .backwards = true,
     .in_drop = 3, .rec_drop = 3},
    {.name = "GRU reset_before, dropout, mask", .kind = Kind::gru, .reset_after = false, .mask = true, .in_drop = 3,
     .rec_drop = 3},
    {.name = "GRU reset_before, shared dropout, zero outputs", .kind = Kind::gru, .reset_after = false, .mask = true,
     .zero_out = true, .in_drop = 1, .rec_drop = 1},
    {.name = "GRU no bias, selu", .kind = Kind::gru, .bias = false, .act = "selu"},
    // Large enough that each thread runs its own rows of the batch.
    {.name = "LSTM threaded", .B = 32, .T = 6, .D = 16, .U = 48, .mask = true, .in_drop = 4, .rec_drop = 4},
    {.name = "GRU threaded", .kind = Kind::gru, .reset_after = false, .B = 32, .T = 6, .D = 16, .U = 64,
     .mask = true, .backwards = true, .rec_drop = 3},
    {.name = "SimpleRNN threaded", .kind = Kind::simple, .B = 32, .T = 6, .D = 16, .U = 128, .in_drop = 1},
};

}  // namespace

TEST_CASE("Fused recurrent ops match Keras' loop in basic ops: values and gradients", "[ops][recurrent]") {
  for (const Seq& s : kCases) check_against_reference(s);
}

TEST_CASE("Fused recurrent op gradients match finite differences", "[ops][recurrent][grad]") {
  for (Seq s : {Seq{.kind = Kind::lstm, .mask = true, .in_drop = 4, .rec_drop = 4},
                Seq{.kind = Kind::gru, .mask = true, .backwards = true},
                Seq{.kind = Kind::gru, .reset_after = false, .rec_drop = 3},
                Seq{.kind = Kind::simple, .mask = true, .zero_out = true}}) {
    s.T = 4;
    const Args a = make_args(s);
    auto f = [&](const std::vector<Tensor>& in) {
      Args b = a;
      b.x = in[0];
      for (std::size_t i = 0; i < b.states.size(); ++i) b.states[i] = in[1 + i];
      std::vector<Tensor> flat;
      for (const Tensor& t : fused(s, b)) flat.push_back(ops::reshape(t, Shape{-1}));
      return ops::concatenate(flat, 0);
    };
    std::vector<Tensor> inputs{a.x};
    inputs.insert(inputs.end(), a.states.begin(), a.states.end());
    std::vector<Tensor> weights{a.kernel, a.rk};
    if (a.bias.defined()) weights.push_back(a.bias);
    check_gradients(f, inputs, {.eps = 1e-2, .atol = 2e-3, .rtol = 2e-2}, weights);
  }
}

TEST_CASE("Fused gate activations match libm", "[ops][recurrent]") {
  // kernel = I, recurrent_kernel = 0: every output is activation(x).
  const int n = 64;
  std::vector<float> xs(n), eye(n * n, 0.0f);
  for (int i = 0; i < n; ++i) {
    xs[static_cast<std::size_t>(i)] = -12.0f + 24.0f * static_cast<float>(i) / (n - 1);
    eye[static_cast<std::size_t>(i * n + i)] = 1.0f;
  }
  xs[1] = 1e-4f;  // tanh's small-argument branch
  const Tensor x = Tensor::from_vector(xs, Shape{1, 1, n}), k = Tensor::from_vector(eye, Shape{n, n});
  const std::vector<std::pair<std::string, std::function<double(double)>>> acts = {
      {"tanh", [](double v) { return std::tanh(v); }},
      {"sigmoid", [](double v) { return 1.0 / (1.0 + std::exp(-v)); }},
      {"hard_sigmoid", [](double v) { return std::min(std::max(v + 3.0, 0.0), 6.0) / 6.0; }},
      {"elu", [](double v) { return v > 0 ? v : std::expm1(v); }},
      {"softplus", [](double v) { return std::log1p(std::exp(v)); }},
      {"exponential", [](double v) { return std::exp(v); }},
      {"leaky_relu", [](double v) { return v >= 0 ? v : 0.2 * v; }},
  };
  for (const auto& [name, f] : acts) {
    INFO(name);
    std::vector<double> expected;
    for (float v : xs) expected.push_back(f(v));
    const Tensor y = ops::simple_rnn_sequence(x, Tensor::zeros({1, n}), k, Tensor::zeros({n, n}), Tensor(),
                                              {.activation = name})[0];
    check_close(y, expected, 1e-6, 1e-5);
  }
}

TEST_CASE("A 10 000-step LSTM is one tape entry with a finite gradient", "[ops][recurrent]") {
  const int T = 10000;
  const Tensor x = random_tensor({1, T, 2}, -1, 1, 5), h0 = Tensor::zeros({1, 2}), c0 = Tensor::zeros({1, 2});
  const Tensor k = random_tensor({2, 8}, -0.5f, 0.5f, 6), rk = random_tensor({2, 8}, -0.5f, 0.5f, 7);
  autograd::GradientTape tape;
  tape.watch(k);
  const Tensor out = ops::lstm_sequence(x, h0, c0, k, rk, Tensor())[0];
  const auto g = tape.gradient(ops::sum(out), {k});
  REQUIRE(g[0].defined());
  for (double v : g[0].to_vector<double>()) CHECK(std::isfinite(v));
}

TEST_CASE("Fused recurrent ops reject bad shapes and activations by name", "[ops][recurrent][errors]") {
  const Tensor x = Tensor::zeros({2, 3, 4}), h = Tensor::zeros({2, 5});
  REQUIRE_THROWS_WITH(ops::lstm_sequence(x, h, h, Tensor::zeros({4, 16}), Tensor::zeros({5, 20}), Tensor()),
                      Catch::Contains("lstm_sequence") && Catch::Contains("kernel") && Catch::Contains("(4, 20)"));
  REQUIRE_THROWS_WITH(ops::gru_sequence(x, h, Tensor::zeros({4, 15}), Tensor::zeros({5, 15}), Tensor::zeros({15})),
                      Catch::Contains("bias") && Catch::Contains("(2, 15)"));
  REQUIRE_THROWS_WITH(ops::simple_rnn_sequence(x, Tensor::zeros({2, 4}), Tensor::zeros({4, 5}), Tensor::zeros({5, 5}),
                                               Tensor()),
                      Catch::Contains("initial state") && Catch::Contains("(2, 5)"));
  REQUIRE_THROWS_WITH(ops::simple_rnn_sequence(x, h, Tensor::zeros({4, 5}), Tensor::zeros({5, 5}), Tensor(),
                                               {.recurrent_dropout = Tensor::ones({2, 2, 5})}),
                      Catch::Contains("recurrent_dropout"));
  REQUIRE_THROWS_WITH(ops::simple_rnn_sequence(x, h, Tensor::zeros({4, 5}), Tensor::zeros({5, 5}), Tensor(),
                                               {.activation = "gelu"}),
                      Catch::Contains("activation='gelu'") && Catch::Contains("tanh"));
  REQUIRE_THROWS_WITH(ops::check_rnn_activation("softmax", "LSTM layer \"lstm\"", "activation"),
                      Catch::Contains("LSTM layer \"lstm\"") && Catch::Contains("softmax"));
}
