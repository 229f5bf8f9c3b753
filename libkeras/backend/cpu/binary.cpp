// Broadcasting binary ops and their gradients.

#include <cmath>

#include "libkeras/backend/cpu/broadcast.h"
#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

// The innermost run with operand strides specialised to 0/1 so each variant vectorises.
template <class F>
KERAS_DISPATCH void run2(float* __restrict out, const float* __restrict a, std::int64_t sa, const float* __restrict b,
                         std::int64_t sb, std::int64_t n, F f) {
  if (sa == 1 && sb == 1) {
    for (std::int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (sa == 1) {
    const float bv = b[0];
    for (std::int64_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else if (sb == 1) {
    const float av = a[0];
    for (std::int64_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
  } else {
    const float v = f(a[0], b[0]);
    for (std::int64_t i = 0; i < n; ++i) out[i] = v;
  }
}

template <class F>
KERAS_DISPATCH void run3(float* __restrict out, const float* __restrict a, std::int64_t sa, const float* __restrict b,
                         std::int64_t sb, const float* __restrict d, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = f(a[i * sa], b[i * sb], d[i]);
}

template <class F>
void broadcast2(const Tensor& a, const Tensor& b, Tensor& out, F f) {
  BroadcastPlan plan(out.shape(), {a.shape(), b.shape()});
  const float *pa = a.data<float>(), *pb = b.data<float>();
  float* po = out.data<float>();
  const std::int64_t inner = plan.inner(), sa = plan.inner_stride(0), sb = plan.inner_stride(1);
  if (plan.outer() == 1) {
    parallel_for(inner, kElementwiseGrain, [&](std::int64_t s, std::int64_t e) {
      run2(po + s, pa + s * sa, sa, pb + s * sb, sb, e - s, f);
    });
    return;
  }
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, inner));
  parallel_for(plan.outer(), grain, [&](std::int64_t s, std::int64_t e) {
    std::vector<std::int64_t> off;
    for (std::int64_t row = s; row < e; ++row) {
      plan.offsets(row, off);
      run2(po + row * inner, pa + off[0], sa, pb + off[1], sb, inner, f);
    }
  });
}

// Elementwise gradient contributions in out's shape: f(a, b, dout).
template <class F>
void broadcast3(const Tensor& a, const Tensor& b, const Tensor& d, Tensor& out, F f) {
  BroadcastPlan plan(out.shape(), {a.shape(), b.shape()});
  const float *pa = a.data<float>(), *pb = b.data<float>(), *pd = d.data<float>();
  float* po = out.data<float>();
  const std::int64_t inner = plan.inner(), sa = plan.inner_stride(0), sb = plan.inner_stride(1);
  std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, inner));
  parallel_for(plan.outer(), grain, [&](std::int64_t s, std::int64_t e) {
    std::vector<std::int64_t> off;
    for (std::int64_t row = s; row < e; ++row) {
      plan.offsets(row, off);
      run3(po + row * inner, pa + off[0], sa, pb + off[1], sb, pd + row * inner, inner, f);
    }
  });
}

/// Sums `full` (out-shaped) down to `grad`'s shape (numpy broadcasting in reverse).
void reduce_to(CpuBackend& be, const Tensor& full, Tensor& grad) {
  const Shape& fs = full.shape();
  const Shape& gs = grad.shape();
  std::vector<int> axes;
  std::vector<std::int64_t> keep(static_cast<std::size_t>(fs.rank()));
  for (int d = 0; d < fs.rank(); ++d) {
    int gd = gs.rank() - fs.rank() + d;
    std::int64_t gdim = gd >= 0 ? gs[gd] : 1;
    keep[static_cast<std::size_t>(d)] = gdim;
    if (gdim == 1 && fs[d] != 1) axes.push_back(d);
  }
  Tensor view = grad.reshape(Shape(keep));
  if (axes.empty()) {
    be.cast(full, view);
  } else {
    be.reduce(ReduceOp::sum, full, axes, view);
  }
}

}  // namespace

void CpuBackend::binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out) {
  switch (op) {
    case BinaryOp::add: return broadcast2(a, b, out, [](float x, float y) { return x + y; });
    case BinaryOp::sub: return broadcast2(a, b, out, [](float x, float y) { return x - y; });
    case BinaryOp::mul: return broadcast2(a, b, out, [](float x, float y) { return x * y; });
    case BinaryOp::div: return broadcast2(a, b, out, [](float x, float y) { return x / y; });
    case BinaryOp::maximum: return broadcast2(a, b, out, [](float x, float y) { return x >= y ? x : y; });
    case BinaryOp::minimum: return broadcast2(a, b, out, [](float x, float y) { return x <= y ? x : y; });
    case BinaryOp::pow: return broadcast2(a, b, out, [](float x, float y) { return std::pow(x, y); });
    case BinaryOp::equal: return broadcast2(a, b, out, [](float x, float y) { return x == y ? 1.0f : 0.0f; });
    case BinaryOp::greater: return broadcast2(a, b, out, [](float x, float y) { return x > y ? 1.0f : 0.0f; });
    case BinaryOp::less: return broadcast2(a, b, out, [](float x, float y) { return x < y ? 1.0f : 0.0f; });
  }
}

void CpuBackend::binary_backward(BinaryOp op, int which, const Tensor& a, const Tensor& b, const Tensor& dout,
                                 Tensor& grad) {
  Tensor full = grad.shape() == dout.shape() ? grad : Tensor(dout.shape(), float32);
  const bool first = which == 0;
  switch (op) {
    case BinaryOp::add:
      broadcast3(a, b, dout, full, [](float, float, float d) { return d; });
      break;
    case BinaryOp::sub:
      broadcast3(a, b, dout, full, [first](float, float, float d) { return first ? d : -d; });
      break;
    case BinaryOp::mul:
      broadcast3(a, b, dout, full, [first](float x, float y, float d) { return first ? d * y : d * x; });
      break;
    case BinaryOp::div:
      broadcast3(a, b, dout, full, [first](float x, float y, float d) { return first ? d / y : -d * x / (y * y); });
      break;
    case BinaryOp::maximum:
      broadcast3(a, b, dout, full, [first](float x, float y, float d) { return (x >= y) == first ? d : 0.0f; });
      break;
    case BinaryOp::minimum:
      broadcast3(a, b, dout, full, [first](float x, float y, float d) { return (x <= y) == first ? d : 0.0f; });
      break;
    case BinaryOp::pow:
      broadcast3(a, b, dout, full, [first](float x, float y, float d) {
        if (first) return d * y * std::pow(x, y - 1.0f);
        return x > 0 ? d * std::pow(x, y) * std::log(x) : 0.0f;
      });
      break;
    case BinaryOp::equal:
    case BinaryOp::greater:
    case BinaryOp::less:
      broadcast3(a, b, dout, full, [](float, float, float) { return 0.0f; });
      break;
  }
  if (!full.shares_memory_with(grad)) reduce_to(*this, full, grad);
}

void CpuBackend::broadcast_to(const Tensor& x, Tensor& out) {
  broadcast2(x, x, out, [](float v, float) { return v; });
}

}  // namespace keras::cpu
