#include "libkeras/backend/cpu/cpu_norm_kernels.h"

#include <cmath>
#include <vector>

#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

namespace {

// Sums run in double. Row sums keep 8 independent accumulators, combined in a fixed order, so the
// loops vectorize without -ffast-math and give the same result on every ISA clone and thread count.

KERAS_DISPATCH double sum_row(const float* __restrict p, std::int64_t n) {
  double acc[8] = {};
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int u = 0; u < 8; ++u) acc[u] += p[i + u];
  }
  double tail = 0.0;
  for (; i < n; ++i) tail += p[i];
  return tail + (((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])));
}

// sum((p - m)^2)
KERAS_DISPATCH double sum_sq_dev_row(const float* __restrict p, std::int64_t n, double m) {
  double acc[8] = {};
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int u = 0; u < 8; ++u) acc[u] += (p[i + u] - m) * (p[i + u] - m);
  }
  double tail = 0.0;
  for (; i < n; ++i) tail += (p[i] - m) * (p[i] - m);
  return tail + (((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])));
}

// {sum(g), sum(g * (x - m))} with g = dy * gamma: the two sums every backward needs.
KERAS_DISPATCH void grad_sums_row(const float* __restrict dy, const float* __restrict x, const float* __restrict gamma,
                                  std::int64_t n, double m, double* out) {
  double a[8] = {}, b[8] = {};
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int u = 0; u < 8; ++u) {
      const double g = static_cast<double>(dy[i + u]) * gamma[i + u];
      a[u] += g;
      b[u] += g * (x[i + u] - m);
    }
  }
  double ta = 0.0, tb = 0.0;
  for (; i < n; ++i) {
    const double g = static_cast<double>(dy[i]) * gamma[i];
    ta += g;
    tb += g * (x[i] - m);
  }
  out[0] = ta + (((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7])));
  out[1] = tb + (((b[0] + b[4]) + (b[1] + b[5])) + ((b[2] + b[6]) + (b[3] + b[7])));
}

// Column updates over one row of n channels: acc[c] += ...
KERAS_DISPATCH void add_cols(double* __restrict acc, const float* __restrict p, std::int64_t n) {
  for (std::int64_t c = 0; c < n; ++c) acc[c] += p[c];
}

KERAS_DISPATCH void add_sq_dev_cols(double* __restrict acc, const float* __restrict p, const double* __restrict m,
                                    std::int64_t n) {
  for (std::int64_t c = 0; c < n; ++c) acc[c] += (p[c] - m[c]) * (p[c] - m[c]);
}

// s1[c] += dy[c]; s2[c] += dy[c] * (x[c] - m[c]) * scale  (m, scale per column or broadcast).
KERAS_DISPATCH void add_grad_cols(double* __restrict s1, double* __restrict s2, const float* __restrict dy,
                                  const float* __restrict x, const float* __restrict m, double m_all, double scale,
                                  std::int64_t n) {
  for (std::int64_t c = 0; c < n; ++c) {
    s1[c] += dy[c];
    s2[c] += static_cast<double>(dy[c]) * ((x[c] - (m ? m[c] : m_all)) * scale);
  }
}

// d = s * a + b (+ x * e): per-channel constants a, b, e (inner == 1) or scalars (one channel row).
KERAS_DISPATCH void affine_cols(float* __restrict d, const float* __restrict s, const float* __restrict x,
                                const float* __restrict a, const float* __restrict b, const float* __restrict e,
                                std::int64_t n) {
  if (x) {
    for (std::int64_t c = 0; c < n; ++c) d[c] = s[c] * a[c] + x[c] * e[c] + b[c];
  } else {
    for (std::int64_t c = 0; c < n; ++c) d[c] = s[c] * a[c] + b[c];
  }
}

KERAS_DISPATCH void affine_row(float* __restrict d, const float* __restrict s, const float* __restrict x, float a,
                               float b, float e, std::int64_t n) {
  if (x) {
    for (std::int64_t i = 0; i < n; ++i) d[i] = s[i] * a + x[i] * e + b;
  } else {
    for (std::int64_t i = 0; i < n; ++i) d[i] = s[i] * a + b;
  }
}

// dx[j] = dy[j] * a[j] + x[j] * e + b: layer normalization's input gradient for one row.
KERAS_DISPATCH void scaled_sum_row(float* __restrict dx, const float* __restrict dy, const float* __restrict a,
                                   const float* __restrict x, float e, float b, std::int64_t n) {
  for (std::int64_t j = 0; j < n; ++j) dx[j] = dy[j] * a[j] + x[j] * e + b;
}

struct Layout {
  std::int64_t outer, channels, inner;
};

Layout layout_of(const Tensor& x) { return {x.dim(0), x.dim(1), x.dim(2)}; }

// Splitting the outer axis into at most this many chunks bounds the partial-sum memory. Every
// split depends only on the layout, never on the thread count, so sums are reproducible.
constexpr std::int64_t kMaxChunks = 64;

// N per-channel sums: add(o, c0, c1, acc) adds the contributions of channels [c0, c1) of outer
// row o to acc[s * channels + c]. Returns the totals in that layout. Unless the outer rows far
// outnumber the channels, threads split the channels (each sums its columns over every row);
// otherwise they split the outer rows into chunks whose partial sums are added in chunk order.
template <class Add>
std::vector<double> channel_sums(const Layout& l, int n, Add&& add) {
  const std::int64_t width = n * l.channels;
  std::vector<double> out(static_cast<std::size_t>(width), 0.0);
  if (l.outer == 0 || l.channels == 0) return out;
  if (l.outer < 8 * l.channels) {
    const std::int64_t per_channel = std::max<std::int64_t>(1, l.outer * l.inner);
    parallel_for(l.channels, std::max<std::int64_t>(16, kElementwiseGrain / per_channel),
                 [&](std::int64_t c0, std::int64_t c1) {
                   for (std::int64_t o = 0; o < l.outer; ++o) add(o, c0, c1, out.data());
                 });
    return out;
  }
  const std::int64_t chunks = std::min(l.outer, kMaxChunks);
  std::vector<double> partial(static_cast<std::size_t>(chunks * width), 0.0);
  const std::int64_t per_chunk = std::max<std::int64_t>(1, l.channels * l.inner * (l.outer / chunks));
  parallel_for(chunks, std::max<std::int64_t>(1, kElementwiseGrain / per_chunk), [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t k = b; k < e; ++k) {
      double* acc = partial.data() + k * width;
      for (std::int64_t o = l.outer * k / chunks; o < l.outer * (k + 1) / chunks; ++o) add(o, 0, l.channels, acc);
    }
  });
  for (std::int64_t k = 0; k < chunks; ++k) {
    for (std::int64_t i = 0; i < width; ++i)
      out[static_cast<std::size_t>(i)] += partial[static_cast<std::size_t>(k * width + i)];
  }
  return out;
}

// dst(o, c, i) = src(o, c, i) * a[c] + b[c] (+ extra(o, c, i) * e[c]).
void channel_affine(const Layout& l, const float* src, const std::vector<float>& a, const std::vector<float>& b,
                    const float* extra, const std::vector<float>& e, float* dst) {
  const float* pe = extra ? e.data() : nullptr;
  if (l.inner == 1) {
    const std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, l.channels));
    parallel_for(l.outer, grain, [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t o = begin; o < end; ++o) {
        const std::int64_t k = o * l.channels;
        affine_cols(dst + k, src + k, extra ? extra + k : nullptr, a.data(), b.data(), pe, l.channels);
      }
    });
    return;
  }
  const std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / l.inner);
  parallel_for(l.outer * l.channels, grain, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t r = begin; r < end; ++r) {
      const auto c = static_cast<std::size_t>(r % l.channels);
      const std::int64_t k = r * l.inner;
      affine_row(dst + k, src + k, extra ? extra + k : nullptr, a[c], b[c], extra ? e[c] : 0.0f, l.inner);
    }
  });
}

std::vector<float> host_or(const Tensor& t, std::int64_t n, float fallback) {
  return t.defined() ? t.to_vector<float>() : std::vector<float>(static_cast<std::size_t>(n), fallback);
}

}  // namespace

void CpuNormKernels::channel_moments(const Tensor& x, Tensor& mean, Tensor& variance) {
  const Layout l = layout_of(x);
  const float* px = x.data<float>();
  const double count = static_cast<double>(l.outer * l.inner);
  std::vector<double> mu = channel_sums(l, 1, [&](std::int64_t o, std::int64_t c0, std::int64_t c1, double* acc) {
    const float* row = px + o * l.channels * l.inner;
    if (l.inner == 1) return add_cols(acc + c0, row + c0, c1 - c0);
    for (std::int64_t c = c0; c < c1; ++c) acc[c] += sum_row(row + c * l.inner, l.inner);
  });
  for (double& m : mu) m = count > 0 ? m / count : 0.0;
  // Second pass around the mean: E[x^2] - E[x]^2 loses the variance of large-mean inputs.
  std::vector<double> sq = channel_sums(l, 1, [&](std::int64_t o, std::int64_t c0, std::int64_t c1, double* acc) {
    const float* row = px + o * l.channels * l.inner;
    if (l.inner == 1) return add_sq_dev_cols(acc + c0, row + c0, mu.data() + c0, c1 - c0);
    for (std::int64_t c = c0; c < c1; ++c) {
      acc[c] += sum_sq_dev_row(row + c * l.inner, l.inner, mu[static_cast<std::size_t>(c)]);
    }
  });
  float* pm = mean.data<float>();
  float* pv = variance.data<float>();
  for (std::size_t c = 0; c < mu.size(); ++c) {
    pm[c] = static_cast<float>(mu[c]);
    pv[c] = static_cast<float>(count > 0 ? sq[c] / count : 0.0);
  }
}

void CpuNormKernels::batch_norm_forward(const Tensor& x, const Tensor& mean, const Tensor& variance,
                                        const Tensor& scale, const Tensor& offset, float epsilon, Tensor& y,
                                        Tensor& inv_std) {
  const Layout l = layout_of(x);
  const std::size_t n = static_cast<std::size_t>(l.channels);
  const float *pm = mean.data<float>(), *pv = variance.data<float>();
  std::vector<float> g = host_or(scale, l.channels, 1.0f), beta = host_or(offset, l.channels, 0.0f);
  std::vector<float> a(n), b(n);
  float* pi = inv_std.data<float>();
  for (std::size_t c = 0; c < n; ++c) {
    pi[c] = static_cast<float>(1.0 / std::sqrt(static_cast<double>(pv[c]) + epsilon));
    // Keras' form: x * (inv * gamma) + (beta - mean * inv * gamma).
    a[c] = pi[c] * g[c];
    b[c] = beta[c] - pm[c] * a[c];
  }
  channel_affine(l, x.data<float>(), a, b, nullptr, {}, y.data<float>());
}

void CpuNormKernels::batch_norm_backward(const Tensor& x, const Tensor& mean, const Tensor& inv_std,
                                         const Tensor& scale, const Tensor& dy, bool batch_stats, Tensor& dx,
                                         Tensor& dscale, Tensor& doffset, Tensor& dmean, Tensor& dvariance) {
  const Layout l = layout_of(x);
  const std::size_t n = static_cast<std::size_t>(l.channels);
  const float *px = x.data<float>(), *pdy = dy.data<float>(), *pm = mean.data<float>(), *pi = inv_std.data<float>();
  std::vector<float> g = host_or(scale, l.channels, 1.0f);
  // S1 = sum(dy), S2 = sum(dy * (x - mean)) per channel: every gradient is a function of these.
  const std::vector<float> ones(static_cast<std::size_t>(l.inner), 1.0f);
  std::vector<double> sums = channel_sums(l, 2, [&](std::int64_t o, std::int64_t c0, std::int64_t c1, double* acc) {
    const std::int64_t base = o * l.channels * l.inner;
    if (l.inner == 1) {
      return add_grad_cols(acc + c0, acc + l.channels + c0, pdy + base + c0, px + base + c0, pm + c0, 0.0, 1.0,
                           c1 - c0);
    }
    for (std::int64_t c = c0; c < c1; ++c) {
      double s[2];
      grad_sums_row(pdy + base + c * l.inner, px + base + c * l.inner, ones.data(), l.inner, pm[c], s);
      acc[c] += s[0];
      acc[l.channels + c] += s[1];
    }
  });
  const double count = static_cast<double>(l.outer * l.inner);
  for (std::size_t c = 0; c < n; ++c) {
    const double inv = pi[c], s1 = sums[c], s2 = sums[n + c];
    if (dscale.defined()) dscale.data<float>()[c] = static_cast<float>(inv * s2);
    if (doffset.defined()) doffset.data<float>()[c] = static_cast<float>(s1);
    if (dmean.defined()) dmean.data<float>()[c] = static_cast<float>(-g[c] * inv * s1);
    if (dvariance.defined()) dvariance.data<float>()[c] = static_cast<float>(-0.5 * g[c] * inv * inv * inv * s2);
  }
  if (!dx.defined()) return;
  // dx = dy * A + x * E + B per channel; with batch statistics E and B carry the gradient
  // through the mean and variance: gamma * inv * (dy - S1/N - (x - mean) * inv^2 * S2/N).
  std::vector<float> a(n), b(n, 0.0f), e(n, 0.0f);
  for (std::size_t c = 0; c < n; ++c) {
    const double inv = pi[c], gi = g[c] * inv;
    a[c] = static_cast<float>(gi);
    if (batch_stats && count > 0) {
      const double k = gi * inv * inv * sums[n + c] / count;
      e[c] = static_cast<float>(-k);
      b[c] = static_cast<float>(-gi * sums[c] / count + k * pm[c]);
    }
  }
  channel_affine(l, pdy, a, b, batch_stats ? px : nullptr, e, dx.data<float>());
}

void CpuNormKernels::layer_norm_forward(const Tensor& x, const Tensor& gamma, const Tensor& beta, float epsilon,
                                        bool rms_scaling, Tensor& y, Tensor& mean, Tensor& inv_std) {
  const std::int64_t rows = x.dim(0), cols = x.dim(1);
  const float* px = x.data<float>();
  std::vector<float> ones(static_cast<std::size_t>(cols), 1.0f), zeros(static_cast<std::size_t>(cols), 0.0f);
  const float* pg = gamma.defined() ? gamma.data<float>() : ones.data();
  const float* pb = beta.defined() && !rms_scaling ? beta.data<float>() : zeros.data();
  float *py = y.data<float>(), *pm = mean.data<float>(), *pi = inv_std.data<float>();
  const std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, cols));
  parallel_for(rows, grain, [&](std::int64_t begin, std::int64_t end) {
    std::vector<float> a(static_cast<std::size_t>(cols)), b(static_cast<std::size_t>(cols));
    for (std::int64_t r = begin; r < end; ++r) {
      const float* in = px + r * cols;
      const double m = cols > 0 ? sum_row(in, cols) / static_cast<double>(cols) : 0.0;
      const double v = cols > 0 ? sum_sq_dev_row(in, cols, m) / static_cast<double>(cols) : 0.0;
      const float inv = static_cast<float>(1.0 / std::sqrt(v + epsilon));
      const float mf = rms_scaling ? 0.0f : static_cast<float>(m);
      pm[r] = static_cast<float>(m);
      pi[r] = inv;
      // Keras' form x * (inv * gamma) + (beta - mean * inv * gamma); rms_scaling keeps x * inv * gamma
      // (pb is zeros then).
      for (std::int64_t j = 0; j < cols; ++j) {
        a[static_cast<std::size_t>(j)] = inv * pg[j];
        b[static_cast<std::size_t>(j)] = pb[j] - mf * a[static_cast<std::size_t>(j)];
      }
      affine_cols(py + r * cols, in, nullptr, a.data(), b.data(), nullptr, cols);
    }
  });
}

void CpuNormKernels::layer_norm_backward(const Tensor& x, const Tensor& gamma, const Tensor& mean,
                                         const Tensor& inv_std, const Tensor& dy, bool rms_scaling, Tensor& dx,
                                         Tensor& dgamma, Tensor& dbeta) {
  const std::int64_t rows = x.dim(0), cols = x.dim(1);
  const float *px = x.data<float>(), *pdy = dy.data<float>(), *pm = mean.data<float>(), *pi = inv_std.data<float>();
  const std::vector<float> ones(gamma.defined() ? 0 : static_cast<std::size_t>(cols), 1.0f);
  const float* pg = gamma.defined() ? gamma.data<float>() : ones.data();
  if (dx.defined()) {
    float* pdx = dx.data<float>();
    const std::int64_t grain = std::max<std::int64_t>(1, kElementwiseGrain / std::max<std::int64_t>(1, cols));
    parallel_for(rows, grain, [&](std::int64_t begin, std::int64_t end) {
      std::vector<float> a(static_cast<std::size_t>(cols));
      for (std::int64_t r = begin; r < end; ++r) {
        const float *in = px + r * cols, *d = pdy + r * cols;
        const double m = pm[r], inv = pi[r], n = static_cast<double>(cols);
        double s[2];  // sum(g), sum(g * (x - mean)) with g = dy * gamma
        grad_sums_row(d, in, pg, cols, m, s);
        // Standard: dx = inv * (g - mean(g) - (x - mean) * inv^2 * mean(g * (x - mean))).
        // rms_scaling (y = x * inv(var(x))): dx = inv * g - inv^3 * (x - mean) * sum(g * x) / n,
        // where sum(g * x) = S2 + mean * S1.
        const double k = rms_scaling ? inv * inv * inv * (s[1] + m * s[0]) / n : inv * inv * inv * s[1] / n;
        const double shift = rms_scaling ? 0.0 : inv * s[0] / n;
        for (std::int64_t j = 0; j < cols; ++j) a[static_cast<std::size_t>(j)] = static_cast<float>(inv) * pg[j];
        scaled_sum_row(pdx + r * cols, d, a.data(), in, static_cast<float>(-k), static_cast<float>(k * m - shift),
                       cols);
      }
    });
  }
  if (!dgamma.defined() && !dbeta.defined()) return;
  // Column sums over rows: dgamma = sum(dy * x_hat), dbeta = sum(dy), with rows as the outer axis.
  auto add = [&](std::int64_t r, std::int64_t c0, std::int64_t c1, double* acc) {
    const std::int64_t base = r * cols + c0;
    add_grad_cols(acc + cols + c0, acc + c0, pdy + base, px + base, nullptr, rms_scaling ? 0.0 : pm[r], pi[r], c1 - c0);
  };
  std::vector<double> sums = channel_sums(Layout{rows, cols, 1}, 2, add);
  for (std::int64_t j = 0; j < cols; ++j) {
    if (dgamma.defined()) dgamma.data<float>()[j] = static_cast<float>(sums[static_cast<std::size_t>(j)]);
    if (dbeta.defined()) dbeta.data<float>()[j] = static_cast<float>(sums[static_cast<std::size_t>(cols + j)]);
  }
}

}  // namespace keras::cpu
