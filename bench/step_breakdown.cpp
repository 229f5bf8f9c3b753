// Where one training step of the Keras MNIST convnet (batch 64) spends its time: each op's
// forward and backward timed alone, median of repeated runs. Run by hand:
//   ./build/bench/step_breakdown
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "libkeras/autograd/tape.h"
#include "libkeras/backend/backend.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/progbar.h"
#include "libkeras/utils/random.h"

using namespace keras;

namespace {

double median_ms(const std::function<void()>& f, int reps = 30) {
  f();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    double s = utils::monotonic_seconds();
    f();
    t.push_back((utils::monotonic_seconds() - s) * 1e3);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Forward alone, then forward + backward through the tape, of y = f(inputs); returns the pair.
std::pair<double, double> time_op(const std::function<Tensor(const std::vector<Tensor>&)>& f,
                                  const std::vector<Tensor>& inputs) {
  double fwd = median_ms([&] {
    autograd::NoGradGuard g;
    f(inputs);
  });
  double both = median_ms([&] {
    autograd::GradientTape tape;
    for (const auto& t : inputs) tape.watch(t);
    Tensor y = f(inputs);
    tape.gradient(y, inputs);
  });
  return {fwd, both - fwd};
}

void report(const char* name, std::pair<double, double> t, double gflop) {
  std::printf("%-28s fwd %7.3f ms  bwd %7.3f ms", name, t.first, t.second);
  if (gflop > 0) std::printf("   fwd %6.1f GFLOP/s  bwd %6.1f GFLOP/s", gflop / t.first, 2 * gflop / t.second);
  std::printf("\n");
}

}  // namespace

int main() {
  const int n = 64;
  Tensor x = random::uniform({n, 28, 28, 1}, 0, 1, 1);
  Tensor k1 = random::normal({3, 3, 1, 32}, 0, 0.1, 2), b1 = Tensor::zeros({32});
  Tensor a1 = random::uniform({n, 26, 26, 32}, -1, 1, 3);
  Tensor k2 = random::normal({3, 3, 32, 64}, 0, 0.05, 4), b2 = Tensor::zeros({64});
  Tensor a2 = random::uniform({n, 24, 24, 64}, -1, 1, 5);
  Tensor a3 = random::uniform({n, 9216}, -1, 1, 6);
  Tensor w3 = random::normal({9216, 128}, 0, 0.01, 7), b3 = Tensor::zeros({128});
  Tensor a4 = random::uniform({n, 128}, -1, 1, 8), w4 = random::normal({128, 10}, 0, 0.1, 9);

  std::printf("MNIST convnet step pieces, batch %d\n", n);
  report("conv2d 28x28x1 -> 32 (+bias)", time_op([&](auto& v) { return ops::conv2d(v[0], v[1], v[2], {1, 1}, ops::Padding::valid); }, {x, k1, b1}),
         2.0 * n * 26 * 26 * 32 * 9 * 1e-6);
  report("conv2d 26x26x32 -> 64 (+bias)", time_op([&](auto& v) { return ops::conv2d(v[0], v[1], v[2], {1, 1}, ops::Padding::valid); }, {a1, k2, b2}),
         2.0 * n * 24 * 24 * 64 * 288 * 1e-6);
  report("relu (64x24x24x64)", time_op([](auto& v) { return ops::relu(v[0]); }, {a2}), 0);
  report("max_pool2d 2x2", time_op([](auto& v) { return ops::max_pool2d(v[0], {2, 2}, {2, 2}, ops::Padding::valid); }, {a2}), 0);
  report("dropout 0.25 (64x12x12x64)", time_op([](auto& v) { return ops::dropout(v[0], 0.25f, 1); }, {a3}), 0);
  report("dense 9216 -> 128", time_op([](auto& v) { return ops::add(ops::matmul(v[0], v[1]), v[2]); }, {a3, w3, b3}),
         2.0 * n * 9216 * 128 * 1e-6);
  report("dense 128 -> 10 + softmax", time_op([](auto& v) { return ops::softmax(ops::matmul(v[0], v[1])); }, {a4, w4}), 0);

  std::vector<Tensor> params = {k1, b1, k2, b2, w3, b3, w4, Tensor::zeros({10})};
  std::vector<Tensor> m, v;
  for (auto& p : params) {
    m.push_back(Tensor::zeros(p.shape()));
    v.push_back(Tensor::zeros(p.shape()));
  }
  Tensor none;
  double adam = median_ms([&] {
    for (std::size_t i = 0; i < params.size(); ++i) {
      backend_for(kCpu).adam_update(params[i], params[i], m[i], v[i], none, {1e-3f, 0.1f, 0.001f, 1e-7f, 1e-3f, false});
    }
  });
  std::printf("%-28s       %7.3f ms  (1.2M weights)\n", "adam update, all weights", adam);
}
