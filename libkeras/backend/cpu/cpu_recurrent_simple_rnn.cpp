// Fused SimpleRNN over a whole sequence (Keras SimpleRNNCell): h' = act(x_t k + b + h rk).
// Saved for the backward, per (b, t): h before the step and h'.

#include <algorithm>
#include <cstring>

#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"

namespace keras::cpu::rnn {

void simple_rnn_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                        RnnSaved* saved) {
  const Problem p = make_problem(spec, in, 1);
  const int B = p.B, T = p.T, U = p.U;
  const std::size_t row_bytes = sizeof(float) * static_cast<std::size_t>(U);
  Tensor proj(Shape{B, T, U});
  float *hprev = nullptr, *hnew = nullptr;
  if (saved) {
    saved->tensors = {Tensor(Shape{B, T, U}), Tensor(Shape{B, T, U})};
    hprev = saved->tensors[0].data<float>();
    hnew = saved->tensors[1].data<float>();
  }
  const float *pj = proj.data<float>(), *rk = in.recurrent_kernel.data<float>(), *h0 = in.states[0].data<float>();
  float *y = outputs.data<float>(), *hT = finals[0].data<float>();

  for_batch_chunks(p, chunk_count(p), [&](const Chunk& ch) {
    const int b0 = ch.b0, b1 = ch.b1, bn = ch.rows();
    project_inputs(p, ch, in.x.data<float>(), in.kernel.data<float>(), ptr(in.bias), proj.data<float>());
    std::vector<float> h(h0 + b0 * U, h0 + b1 * U), prev(static_cast<std::size_t>(bn) * U, 0.0f);
    std::vector<float> z(static_cast<std::size_t>(bn) * U), scratch;
    for (int s = 0; s < T; ++s) {
      const int t = p.time_of(s);
      recurrent_product(p, b0, bn, h.data(), rk, 0, 1, true, z.data(), U, scratch);
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        float *hr = &h[static_cast<std::size_t>(r * U)], *pr = &prev[static_cast<std::size_t>(r * U)];
        float* yr = y + Problem::row(b, s, T, U);
        if (!p.used(b, t)) {
          hold_output(p, yr, pr);
          continue;
        }
        const std::int64_t o = Problem::row(b, t, T, U);
        if (saved) std::memcpy(hprev + o, hr, row_bytes);
        float* zr = &z[static_cast<std::size_t>(r * U)];
        for (int k = 0; k < U; ++k) zr[k] += pj[o + k];
        activate(spec.activation, zr, U);
        std::memcpy(hr, zr, row_bytes);
        std::memcpy(yr, zr, row_bytes);
        std::memcpy(pr, zr, row_bytes);
        if (saved) std::memcpy(hnew + o, zr, row_bytes);
      }
    }
    std::memcpy(hT + b0 * U, h.data(), row_bytes * static_cast<std::size_t>(bn));
  });
}

void simple_rnn_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy_t,
                         const std::vector<Tensor>& dfinal, RnnGrads& grads) {
  const Problem p = make_problem(spec, in, 1);
  const int B = p.B, T = p.T, U = p.U;
  const float *hprev = saved.tensors[0].data<float>(), *hnew = saved.tensors[1].data<float>();
  const float *dy = ptr(dy_t), *dhT = ptr(dfinal[0]), *rk = in.recurrent_kernel.data<float>();
  Tensor dz_t(Shape{B, T, U});
  float *dz = dz_t.data<float>(), *dh0 = mut(grads.states[0]);

  const int chunks = chunk_count(p);
  WeightGradSums sums(chunks, grads);
  for_batch_chunks(p, chunks, [&](const Chunk& ch) {
    const int b0 = ch.b0, bn = ch.rows();
    const std::size_t n = static_cast<std::size_t>(bn) * U;
    std::vector<float> dh(n, 0.0f), carry(n, 0.0f), back(n), scratch;
    if (dhT) std::memcpy(dh.data(), dhT + b0 * U, sizeof(float) * n);
    std::vector<char> used(static_cast<std::size_t>(bn));
    for (int s = T - 1; s >= 0; --s) {
      const int t = p.time_of(s);
      bool any = false;
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        float *dhr = &dh[static_cast<std::size_t>(r * U)], *cr = &carry[static_cast<std::size_t>(r * U)];
        const float* dyr = dy ? dy + Problem::row(b, s, T, U) : nullptr;
        used[static_cast<std::size_t>(r)] = p.used(b, t);
        if (!used[static_cast<std::size_t>(r)]) {
          for (int k = 0; k < U; ++k) cr[k] = p.zero_output_for_mask ? 0.0f : cr[k] + (dyr ? dyr[k] : 0.0f);
          std::fill_n(dz + Problem::row(b, t, T, U), U, 0.0f);
          continue;
        }
        any = true;
        const std::int64_t o = Problem::row(b, t, T, U);
        float* dzr = dz + o;
        for (int k = 0; k < U; ++k) {
          dzr[k] = dhr[k] + cr[k] + (dyr ? dyr[k] : 0.0f);
          cr[k] = 0.0f;
        }
        scale_by_derivative(spec.activation, hnew + o, dzr, U);
      }
      if (!any) continue;
      recurrent_backprop(p, b0, bn, dz + Problem::row(b0, t, T, U), static_cast<std::int64_t>(T) * U, rk, 0, 1, true,
                         back.data(), scratch);
      for (int r = 0; r < bn; ++r) {
        if (!used[static_cast<std::size_t>(r)]) continue;
        std::memcpy(&dh[static_cast<std::size_t>(r * U)], &back[static_cast<std::size_t>(r * U)], sizeof(float) * U);
      }
    }
    if (dh0) std::memcpy(dh0 + b0 * U, dh.data(), sizeof(float) * n);
    input_gradients(p, ch, in.x.data<float>(), in.kernel.data<float>(), dz, mut(grads.x), sums.kernel(ch.index),
                    sums.bias(ch.index));
    if (float* drk = sums.recurrent_kernel(ch.index)) recurrent_kernel_gradient(p, ch, hprev, dz, nullptr, drk);
  });
  sums.reduce_into(grads);
}

}  // namespace keras::cpu::rnn
