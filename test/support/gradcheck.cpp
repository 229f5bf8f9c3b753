#include "test/support/gradcheck.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "test/support/check.h"

namespace keras::testing {

std::vector<float> random_values(std::size_t n, float lo, float hi, unsigned seed) {
  std::vector<float> v(n);
  std::uint64_t s = 0x9E3779B97F4A7C15ULL * (seed + 1);
  for (auto& x : v) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    x = lo + (hi - lo) * static_cast<float>((s >> 11) * 0x1.0p-53);
  }
  return v;
}

namespace {

// sum(f(inputs) * w) accumulated in double, outside any tape.
double weighted_sum(const std::function<Tensor(const std::vector<Tensor>&)>& f, const std::vector<Tensor>& inputs,
                    const std::vector<double>& w) {
  autograd::NoGradGuard no_grad;
  std::vector<double> y = f(inputs).to_vector<double>();
  double s = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) s += y[i] * w[i];
  return s;
}

}  // namespace

void check_gradients(const std::function<Tensor(const std::vector<Tensor>&)>& f, std::vector<Tensor> inputs,
                     GradcheckOptions o, std::vector<Tensor> extra) {
  Tensor probe;
  {
    autograd::NoGradGuard no_grad;
    probe = f(inputs);
  }
  std::vector<float> wf = random_values(static_cast<std::size_t>(probe.size()), -1.0f, 1.0f, 7);
  std::vector<double> w(wf.begin(), wf.end());
  Tensor wt = Tensor::from_vector(wf, probe.shape());

  std::vector<Tensor> sources = inputs;
  sources.insert(sources.end(), extra.begin(), extra.end());
  std::vector<Tensor> analytic;
  {
    autograd::GradientTape tape;
    for (const Tensor& s : sources) tape.watch(s);
    Tensor loss = ops::sum(ops::multiply(f(inputs), wt));
    analytic = tape.gradient(loss, sources);
  }
  for (std::size_t k = 0; k < sources.size(); ++k) {
    Tensor& t = sources[k];
    float* p = t.data<float>();
    std::vector<double> a = analytic[k].defined() ? analytic[k].to_vector<double>()
                                                  : std::vector<double>(static_cast<std::size_t>(t.size()), 0.0);
    for (std::int64_t i = 0; i < t.size(); ++i) {
      float original = p[i];
      p[i] = static_cast<float>(original + o.eps);
      double plus = weighted_sum(f, inputs, w);
      p[i] = static_cast<float>(original - o.eps);
      double minus = weighted_sum(f, inputs, w);
      p[i] = original;
      double numeric = (plus - minus) / (2.0 * o.eps);
      double got = a[static_cast<std::size_t>(i)];
      if (!(std::fabs(got - numeric) <= o.atol + o.rtol * std::fabs(numeric))) {
        std::ostringstream msg;
        msg << (k < inputs.size() ? "input " : "extra tensor ") << (k < inputs.size() ? k : k - inputs.size())
            << " element " << i << ": tape gradient " << got << ", finite difference " << numeric;
        FAIL(msg.str());
      }
    }
  }
}

}  // namespace keras::testing
