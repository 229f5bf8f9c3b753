// Shared pieces of the fused recurrent kernels: dispatch, batch chunking, the whole-sequence
// matrix products (input projections and weight gradients) and the per-step recurrent products.

#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"

#include <algorithm>
#include <cstring>

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu {

void CpuRecurrentKernels::rnn_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs,
                                      std::vector<Tensor>& final_states, RnnSaved* saved) {
  switch (spec.cell) {
    case RnnCell::simple_rnn: return rnn::simple_rnn_forward(spec, in, outputs, final_states, saved);
    case RnnCell::lstm: return rnn::lstm_forward(spec, in, outputs, final_states, saved);
    case RnnCell::gru: return rnn::gru_forward(spec, in, outputs, final_states, saved);
  }
}

void CpuRecurrentKernels::rnn_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved,
                                       const Tensor& d_outputs, const std::vector<Tensor>& d_final_states,
                                       RnnGrads& grads) {
  switch (spec.cell) {
    case RnnCell::simple_rnn: return rnn::simple_rnn_backward(spec, in, saved, d_outputs, d_final_states, grads);
    case RnnCell::lstm: return rnn::lstm_backward(spec, in, saved, d_outputs, d_final_states, grads);
    case RnnCell::gru: return rnn::gru_backward(spec, in, saved, d_outputs, d_final_states, grads);
  }
}

namespace rnn {

namespace {

// out = a * m_b for the chunk's rows (b, t), where m (B, width) is one per-sequence mask
// broadcast over time; a and out point at the chunk's first row.
void mask_rows(const Problem& p, const Chunk& c, const float* a, const float* m, int width, float* out) {
  for (int b = c.b0; b < c.b1; ++b) {
    const float* mb = m + static_cast<std::int64_t>(b) * width;
    for (int t = 0; t < p.T; ++t) {
      const std::int64_t o = Problem::row(b - c.b0, t, p.T, width);
      for (int k = 0; k < width; ++k) out[o + k] = a[o + k] * mb[k];
    }
  }
}

const float* in_mask(const Problem& p, int g) {
  return p.in_drop + static_cast<std::int64_t>(p.in_drop_count == 1 ? 0 : g) * p.B * p.D;
}

const float* rec_mask_all(const Problem& p, int g) {
  return p.rec_drop + static_cast<std::int64_t>(p.rec_drop_count == 1 ? 0 : g) * p.B * p.U;
}

std::size_t size_of(const Tensor& t) { return t.defined() ? static_cast<std::size_t>(t.size()) : 0; }

}  // namespace

Problem make_problem(const RnnSpec& spec, const RnnInputs& in, int gates) {
  Problem p;
  p.B = static_cast<int>(in.x.dim(0));
  p.T = static_cast<int>(in.x.dim(1));
  p.D = static_cast<int>(in.x.dim(2));
  p.U = static_cast<int>(in.recurrent_kernel.dim(0));
  p.G = gates;
  p.mask = ptr(in.mask);
  p.in_drop = ptr(in.input_dropout);
  p.rec_drop = ptr(in.recurrent_dropout);
  p.in_drop_count = in.input_dropout.defined() ? static_cast<int>(in.input_dropout.dim(0)) : 0;
  p.rec_drop_count = in.recurrent_dropout.defined() ? static_cast<int>(in.recurrent_dropout.dim(0)) : 0;
  p.go_backwards = spec.go_backwards;
  p.zero_output_for_mask = spec.zero_output_for_mask;
  return p;
}

int chunk_count(const Problem& p) {
  // Below ~64k multiply-adds per step the per-thread products are too small to pay for a team.
  const double step_work = static_cast<double>(p.B) * p.U * p.GU();
  return step_work < 65536.0 ? 1 : std::max(1, std::min(num_threads(), p.B));
}

void for_batch_chunks(const Problem& p, int chunks, const std::function<void(const Chunk&)>& body) {
  auto run = [&](int index) { body(Chunk{index, p.B * index / chunks, p.B * (index + 1) / chunks}); };
  if (chunks <= 1) {
    run(0);
    return;
  }
#pragma omp parallel num_threads(chunks)
  {
    // The runtime may grant fewer threads than asked: each takes every n-th chunk.
    const int n = omp_get_num_threads();
    for (int index = omp_get_thread_num(); index < chunks; index += n) run(index);
  }
}

WeightGradSums::WeightGradSums(int chunks, const RnnGrads& grads)
    : kernel_(static_cast<std::size_t>(chunks), std::vector<float>(size_of(grads.kernel))),
      recurrent_(static_cast<std::size_t>(chunks), std::vector<float>(size_of(grads.recurrent_kernel))),
      bias_(static_cast<std::size_t>(chunks), std::vector<float>(size_of(grads.bias))) {}

float* WeightGradSums::part(std::vector<std::vector<float>>& parts, int chunk) {
  std::vector<float>& v = parts[static_cast<std::size_t>(chunk)];
  return v.empty() ? nullptr : v.data();
}

void WeightGradSums::reduce_into(RnnGrads& grads) const {
  auto sum = [](const std::vector<std::vector<float>>& parts, Tensor& out) {
    if (!out.defined()) return;
    float* o = out.data<float>();
    std::copy(parts[0].begin(), parts[0].end(), o);
    for (std::size_t c = 1; c < parts.size(); ++c) {
      for (std::size_t i = 0; i < parts[c].size(); ++i) o[i] += parts[c][i];
    }
  };
  sum(kernel_, grads.kernel);
  sum(recurrent_, grads.recurrent_kernel);
  sum(bias_, grads.bias);
}

void project_inputs(const Problem& p, const Chunk& c, const float* x, const float* kernel, const float* bias_in,
                    float* proj) {
  const int rows = c.rows() * p.T, GU = p.GU();
  x += Problem::row(c.b0, 0, p.T, p.D);
  proj += Problem::row(c.b0, 0, p.T, GU);
  // The products accumulate onto the bias rows (beta = 1): no separate zeroing or bias pass.
  for (std::int64_t r = 0; r < rows; ++r) {
    float* row = proj + r * GU;
    if (bias_in) {
      std::copy_n(bias_in, GU, row);
    } else {
      std::fill_n(row, GU, 0.0f);
    }
  }
  if (p.in_drop_count == 0) {
    sgemm(false, false, rows, GU, p.D, 1.0f, x, p.D, kernel, GU, 1.0f, proj, GU);
    return;
  }
  std::vector<float> xm(static_cast<std::size_t>(rows) * p.D);
  // One mask for all gates: one product; one mask per gate: one product per gate block.
  const int blocks = p.in_drop_count == 1 ? 1 : p.G, width = GU / blocks;
  for (int g = 0; g < blocks; ++g) {
    mask_rows(p, c, x, in_mask(p, g), p.D, xm.data());
    sgemm(false, false, rows, width, p.D, 1.0f, xm.data(), p.D, kernel + g * width, GU, 1.0f, proj + g * width, GU);
  }
}

void input_gradients(const Problem& p, const Chunk& c, const float* x, const float* kernel, const float* dz, float* dx,
                     float* dkernel, float* dbias_in) {
  const int rows = c.rows() * p.T, GU = p.GU(), D = p.D;
  x += Problem::row(c.b0, 0, p.T, D);
  dz += Problem::row(c.b0, 0, p.T, GU);
  if (dx) dx += Problem::row(c.b0, 0, p.T, D);
  if (p.in_drop_count == 0) {
    if (dx) sgemm(false, true, rows, D, GU, 1.0f, dz, GU, kernel, GU, 0.0f, dx, D);
    if (dkernel) sgemm(true, false, D, GU, rows, 1.0f, x, D, dz, GU, 0.0f, dkernel, GU);
  } else {
    const int blocks = p.in_drop_count == 1 ? 1 : p.G, width = GU / blocks;
    std::vector<float> buf(static_cast<std::size_t>(rows) * D);
    const std::int64_t n = static_cast<std::int64_t>(rows) * D;
    for (int g = 0; g < blocks; ++g) {
      if (dkernel) {
        mask_rows(p, c, x, in_mask(p, g), D, buf.data());
        sgemm(true, false, D, width, rows, 1.0f, buf.data(), D, dz + g * width, GU, 0.0f, dkernel + g * width, GU);
      }
      if (dx) {
        // dx += (dz_g . kernel_g^T) * mask_g: the product into buf, masked into (or onto) dx.
        sgemm(false, true, rows, D, width, 1.0f, dz + g * width, GU, kernel + g * width, GU, 0.0f, buf.data(), D);
        if (g == 0) {
          mask_rows(p, c, buf.data(), in_mask(p, g), D, dx);
        } else {
          mask_rows(p, c, buf.data(), in_mask(p, g), D, buf.data());
          for (std::int64_t i = 0; i < n; ++i) dx[i] += buf[static_cast<std::size_t>(i)];
        }
      }
    }
  }
  if (dbias_in) column_sums(dz, rows, GU, dbias_in);
}

void recurrent_kernel_gradient(const Problem& p, const Chunk& c, const float* hprev, const float* dz,
                               const float* last_gate_rows, float* drk) {
  const int rows = c.rows() * p.T, GU = p.GU(), U = p.U;
  hprev += Problem::row(c.b0, 0, p.T, U);
  dz += Problem::row(c.b0, 0, p.T, GU);
  if (last_gate_rows) last_gate_rows += Problem::row(c.b0, 0, p.T, U);
  std::vector<float> hm;
  if (p.rec_drop_count > 0) hm.resize(static_cast<std::size_t>(rows) * U);
  if (p.rec_drop_count <= 1) {
    // Every gate sees the same rows: one product for all of them (but a replaced last gate).
    const float* a = hprev;
    if (p.rec_drop_count == 1) {
      mask_rows(p, c, hprev, rec_mask_all(p, 0), U, hm.data());
      a = hm.data();
    }
    const int gates = last_gate_rows ? p.G - 1 : p.G;
    sgemm(true, false, U, gates * U, rows, 1.0f, a, U, dz, GU, 0.0f, drk, GU);
    if (last_gate_rows) {
      const int g = p.G - 1;
      sgemm(true, false, U, U, rows, 1.0f, last_gate_rows, U, dz + g * U, GU, 0.0f, drk + g * U, GU);
    }
    return;
  }
  for (int g = 0; g < p.G; ++g) {
    const float* a = last_gate_rows;
    if (g < p.G - 1 || !last_gate_rows) {
      mask_rows(p, c, hprev, rec_mask_all(p, g), U, hm.data());
      a = hm.data();
    }
    sgemm(true, false, U, U, rows, 1.0f, a, U, dz + g * U, GU, 0.0f, drk + g * U, GU);
  }
}

void recurrent_product(const Problem& p, int b0, int bn, const float* h, const float* rk, int g0, int g1, bool masked,
                       float* out, int ldo, std::vector<float>& scratch) {
  const int U = p.U, GU = p.GU();
  if (!masked || p.rec_drop_count == 0) {
    sgemm(false, false, bn, (g1 - g0) * U, U, 1.0f, h, U, rk + g0 * U, GU, 0.0f, out + g0 * U, ldo);
    return;
  }
  scratch.resize(static_cast<std::size_t>(bn) * U);
  const bool shared = p.rec_drop_count == 1;
  for (int g = g0; g < g1; ++g) {
    if (g == g0 || !shared) {
      for (int r = 0; r < bn; ++r) {
        const float* m = p.rec_mask(g, b0 + r);
        for (int k = 0; k < U; ++k) scratch[static_cast<std::size_t>(r * U + k)] = h[r * U + k] * m[k];
      }
    }
    if (shared) {
      sgemm(false, false, bn, (g1 - g0) * U, U, 1.0f, scratch.data(), U, rk + g0 * U, GU, 0.0f, out + g0 * U, ldo);
      return;
    }
    sgemm(false, false, bn, U, U, 1.0f, scratch.data(), U, rk + g * U, GU, 0.0f, out + g * U, ldo);
  }
}

void recurrent_backprop(const Problem& p, int b0, int bn, const float* dz, std::int64_t lddz, const float* rk, int g0,
                        int g1, bool masked, float* dh, std::vector<float>& scratch) {
  const int U = p.U, GU = p.GU(), ld = static_cast<int>(lddz);
  if (!masked || p.rec_drop_count == 0) {
    sgemm(false, true, bn, U, (g1 - g0) * U, 1.0f, dz + g0 * U, ld, rk + g0 * U, GU, 0.0f, dh, U);
    return;
  }
  scratch.resize(static_cast<std::size_t>(bn) * U);
  const bool shared = p.rec_drop_count == 1;
  for (int g = g0; g < (shared ? g0 + 1 : g1); ++g) {
    const int k_width = shared ? (g1 - g0) * U : U;
    sgemm(false, true, bn, U, k_width, 1.0f, dz + g * U, ld, rk + g * U, GU, 0.0f, scratch.data(), U);
    for (int r = 0; r < bn; ++r) {
      const float* m = p.rec_mask(g, b0 + r);
      float* d = dh + r * U;
      const float* s = scratch.data() + static_cast<std::ptrdiff_t>(r) * U;
      if (g == g0) {
        for (int k = 0; k < U; ++k) d[k] = s[k] * m[k];
      } else {
        for (int k = 0; k < U; ++k) d[k] += s[k] * m[k];
      }
    }
  }
}

void column_sums(const float* a, std::int64_t rows, int n, float* out) {
  std::fill(out, out + n, 0.0f);
  // Double accumulators: thousands of rows are summed.
  std::vector<double> acc(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* row = a + r * n;
    for (int k = 0; k < n; ++k) acc[static_cast<std::size_t>(k)] += row[k];
  }
  for (int k = 0; k < n; ++k) out[k] = static_cast<float>(acc[static_cast<std::size_t>(k)]);
}

void hold_output(const Problem& p, float* y, float* prev) {
  if (p.zero_output_for_mask) {
    std::fill(y, y + p.U, 0.0f);
  } else {
    std::memcpy(y, prev, sizeof(float) * static_cast<std::size_t>(p.U));
  }
}

}  // namespace rnn

}  // namespace keras::cpu
