// Fused, in-place optimizer updates: one pass over each variable and its slots.

#include <cmath>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

KERAS_DISPATCH void adam_kernel(float* __restrict w, const float* __restrict g, float* __restrict m,
                                float* __restrict v, float* __restrict vhat, std::int64_t n, AdamStep s) {
  const float one_minus_b1 = s.one_minus_beta_1, one_minus_b2 = s.one_minus_beta_2;
  for (std::int64_t i = 0; i < n; ++i) {
    float gi = g[i];
    float mi = m[i] + (gi - m[i]) * one_minus_b1;
    float vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    m[i] = mi;
    v[i] = vi;
    if (vhat) {
      vi = std::max(vhat[i], vi);
      vhat[i] = vi;
    }
    w[i] -= (mi * s.alpha) / (std::sqrt(vi) + s.epsilon);
  }
}

KERAS_DISPATCH void sgd_kernel(float* __restrict w, const float* __restrict g, float* __restrict m, std::int64_t n,
                               float lr, float momentum, bool nesterov) {
  if (!m) {
    for (std::int64_t i = 0; i < n; ++i) w[i] -= g[i] * lr;
    return;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    float mi = -g[i] * lr + m[i] * momentum;
    m[i] = mi;
    w[i] += nesterov ? -g[i] * lr + mi * momentum : mi;
  }
}

KERAS_DISPATCH void rmsprop_kernel(float* __restrict w, const float* __restrict g, float* __restrict vel,
                                   float* __restrict mom, float* __restrict avg, std::int64_t n, RMSpropStep s) {
  for (std::int64_t i = 0; i < n; ++i) {
    float gi = g[i];
    float v = s.rho * vel[i] + s.one_minus_rho * gi * gi;
    vel[i] = v;
    float denom;
    if (avg) {
      float a = s.rho * avg[i] + s.one_minus_rho * gi;
      avg[i] = a;
      denom = v - a * a + s.epsilon;
    } else {
      denom = v + s.epsilon;
    }
    float inc = (s.learning_rate * gi) / std::sqrt(denom);
    if (mom) {
      float mi = s.momentum * mom[i] + inc;
      mom[i] = mi;
      w[i] -= mi;
    } else {
      w[i] -= inc;
    }
  }
}

float* optional(Tensor& t) { return t.defined() ? t.data<float>() : nullptr; }

}  // namespace

void CpuBackend::adam_update(Tensor& var, const Tensor& grad, Tensor& m, Tensor& v, Tensor& v_hat,
                             const AdamStep& step) {
  float *w = var.data<float>(), *pm = m.data<float>(), *pv = v.data<float>(), *ph = optional(v_hat);
  const float* g = grad.data<float>();
  parallel_for(var.size(), kElementwiseGrain, [&](std::int64_t b, std::int64_t e) {
    adam_kernel(w + b, g + b, pm + b, pv + b, ph ? ph + b : nullptr, e - b, step);
  });
}

void CpuBackend::sgd_update(Tensor& var, const Tensor& grad, Tensor& m, float lr, float momentum, bool nesterov) {
  float *w = var.data<float>(), *pm = optional(m);
  const float* g = grad.data<float>();
  parallel_for(var.size(), kElementwiseGrain, [&](std::int64_t b, std::int64_t e) {
    sgd_kernel(w + b, g + b, pm ? pm + b : nullptr, e - b, lr, momentum, nesterov);
  });
}

void CpuBackend::rmsprop_update(Tensor& var, const Tensor& grad, Tensor& velocity, Tensor& momentum,
                                Tensor& average_grad, const RMSpropStep& step) {
  float *w = var.data<float>(), *pv = velocity.data<float>(), *pm = optional(momentum), *pa = optional(average_grad);
  const float* g = grad.data<float>();
  parallel_for(var.size(), kElementwiseGrain, [&](std::int64_t b, std::int64_t e) {
    rmsprop_kernel(w + b, g + b, pv + b, pm ? pm + b : nullptr, pa ? pa + b : nullptr, e - b, step);
  });
}

}  // namespace keras::cpu
