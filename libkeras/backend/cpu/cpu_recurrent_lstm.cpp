// Fused LSTM over a whole sequence (Keras LSTMCell, gates i, f, c, o):
//   z = x_t k + b + h rk;  i, f, o = rec_act(z_i, z_f, z_o);  g = act(z_c)
//   c' = f c + i g;  h' = o act(c')
// Saved for the backward, per (b, t): the gate outputs [i f g o], h and c before the step, act(c').

#include <algorithm>
#include <cstring>

#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"
#include "libkeras/backend/cpu/parallel.h"

namespace keras::cpu::rnn {

namespace {

void copy_row(float* dst, const float* src, int n) {
  std::memcpy(dst, src, sizeof(float) * static_cast<std::size_t>(n));
}

// The backward of one used step, in two vectorisable halves around act'(c'):
// dh += carry + dy (the step's output gradient); dz_o = dh act(c'); tmp = dh o.
KERAS_DISPATCH void output_gradients(int U, float* __restrict dh, float* __restrict carry, const float* __restrict dy,
                                     const float* __restrict tc, const float* __restrict go, float* __restrict dz_o,
                                     float* __restrict tmp) {
  for (int k = 0; k < U; ++k) {
    dh[k] += carry[k] + dy[k];
    carry[k] = 0.0f;
    dz_o[k] = dh[k] * tc[k];
    tmp[k] = dh[k] * go[k];
  }
}

// dc' = dc + tmp (tmp = dh o act'(c')); dz_i = dc' g; dz_f = dc' c; dz_c = dc' i; dc = dc' f.
KERAS_DISPATCH void cell_gradients(int U, const float* __restrict gates, const float* __restrict cprev,
                                   const float* __restrict tmp, float* __restrict dc, float* __restrict dz) {
  for (int k = 0; k < U; ++k) {
    const float dct = dc[k] + tmp[k];
    dz[k] = dct * gates[2 * U + k];
    dz[U + k] = dct * cprev[k];
    dz[2 * U + k] = dct * gates[k];
    dc[k] = dct * gates[U + k];
  }
}

}  // namespace

void lstm_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                  RnnSaved* saved) {
  const Problem p = make_problem(spec, in, 4);
  const int B = p.B, T = p.T, U = p.U, GU = p.GU();
  Tensor proj(Shape{B, T, GU});
  float *gates = nullptr, *hprev = nullptr, *cprev = nullptr, *tcs = nullptr;
  if (saved) {
    saved->tensors = {Tensor(Shape{B, T, GU}), Tensor(Shape{B, T, U}), Tensor(Shape{B, T, U}), Tensor(Shape{B, T, U})};
    gates = saved->tensors[0].data<float>();
    hprev = saved->tensors[1].data<float>();
    cprev = saved->tensors[2].data<float>();
    tcs = saved->tensors[3].data<float>();
  }
  const float *pj = proj.data<float>(), *rk = in.recurrent_kernel.data<float>();
  const float *h0 = in.states[0].data<float>(), *c0 = in.states[1].data<float>();
  float *y = outputs.data<float>(), *hT = finals[0].data<float>(), *cT = finals[1].data<float>();

  for_batch_chunks(p, chunk_count(p), [&](const Chunk& ch) {
    const int b0 = ch.b0, b1 = ch.b1, bn = ch.rows();
    project_inputs(p, ch, in.x.data<float>(), in.kernel.data<float>(), ptr(in.bias), proj.data<float>());
    std::vector<float> h(h0 + b0 * U, h0 + b1 * U), c(c0 + b0 * U, c0 + b1 * U);
    std::vector<float> prev(static_cast<std::size_t>(bn) * U, 0.0f), z(static_cast<std::size_t>(bn) * GU), scratch;
    for (int s = 0; s < T; ++s) {
      const int t = p.time_of(s);
      recurrent_product(p, b0, bn, h.data(), rk, 0, 4, true, z.data(), GU, scratch);
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        float *hr = &h[static_cast<std::size_t>(r * U)], *cr = &c[static_cast<std::size_t>(r * U)];
        float *pr = &prev[static_cast<std::size_t>(r * U)], *yr = y + Problem::row(b, s, T, U);
        if (!p.used(b, t)) {
          hold_output(p, yr, pr);
          continue;
        }
        float* zr = &z[static_cast<std::size_t>(r * GU)];
        const float* xr = pj + Problem::row(b, t, T, GU);
        for (int k = 0; k < GU; ++k) zr[k] += xr[k];
        activate(spec.recurrent_activation, zr, 2 * U);
        activate(spec.activation, zr + 2 * U, U);
        activate(spec.recurrent_activation, zr + 3 * U, U);
        const float *gi = zr, *gf = zr + U, *gg = zr + 2 * U, *go = zr + 3 * U;
        if (saved) {
          copy_row(gates + Problem::row(b, t, T, GU), zr, GU);
          copy_row(hprev + Problem::row(b, t, T, U), hr, U);
          copy_row(cprev + Problem::row(b, t, T, U), cr, U);
        }
        for (int k = 0; k < U; ++k) cr[k] = gf[k] * cr[k] + gi[k] * gg[k];
        copy_row(yr, cr, U);
        activate(spec.activation, yr, U);  // yr holds act(c') until h' replaces it
        if (saved) copy_row(tcs + Problem::row(b, t, T, U), yr, U);
        for (int k = 0; k < U; ++k) {
          hr[k] = go[k] * yr[k];
          yr[k] = hr[k];
          pr[k] = hr[k];
        }
      }
    }
    copy_row(hT + b0 * U, h.data(), bn * U);
    copy_row(cT + b0 * U, c.data(), bn * U);
  });
}

void lstm_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy_t,
                   const std::vector<Tensor>& dfinal, RnnGrads& grads) {
  const Problem p = make_problem(spec, in, 4);
  const int B = p.B, T = p.T, U = p.U, GU = p.GU();
  const float *gates = saved.tensors[0].data<float>(), *hprev = saved.tensors[1].data<float>();
  const float *cprev = saved.tensors[2].data<float>(), *tcs = saved.tensors[3].data<float>();
  const float *dy = ptr(dy_t), *dhT = ptr(dfinal[0]), *dcT = ptr(dfinal[1]), *rk = in.recurrent_kernel.data<float>();
  Tensor dz_t(Shape{B, T, GU});
  float* dz = dz_t.data<float>();
  float *dh0 = mut(grads.states[0]), *dc0 = mut(grads.states[1]);

  const int chunks = chunk_count(p);
  WeightGradSums sums(chunks, grads);
  for_batch_chunks(p, chunks, [&](const Chunk& ch) {
    const int b0 = ch.b0, bn = ch.rows();
    const std::size_t n = static_cast<std::size_t>(bn) * U;
    std::vector<float> dh(n, 0.0f), dc(n, 0.0f), carry(n, 0.0f), back(n), tmp(U), no_dy(U, 0.0f), scratch;
    if (dhT) std::memcpy(dh.data(), dhT + b0 * U, sizeof(float) * n);
    if (dcT) std::memcpy(dc.data(), dcT + b0 * U, sizeof(float) * n);
    std::vector<char> used(static_cast<std::size_t>(bn));
    for (int s = T - 1; s >= 0; --s) {
      const int t = p.time_of(s);
      bool any = false;
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        float *dhr = &dh[static_cast<std::size_t>(r * U)], *dcr = &dc[static_cast<std::size_t>(r * U)];
        float* cr = &carry[static_cast<std::size_t>(r * U)];
        const float* dyr = dy ? dy + Problem::row(b, s, T, U) : no_dy.data();
        used[static_cast<std::size_t>(r)] = p.used(b, t);
        if (!used[static_cast<std::size_t>(r)]) {
          // The output repeats the previous one: its gradient flows on to that step's output.
          for (int k = 0; k < U; ++k) cr[k] = p.zero_output_for_mask ? 0.0f : cr[k] + dyr[k];
          std::fill_n(dz + Problem::row(b, t, T, GU), GU, 0.0f);
          continue;
        }
        any = true;
        const std::int64_t o = Problem::row(b, t, T, U);
        const float* g = gates + Problem::row(b, t, T, GU);
        const float *gi = g, *gg = g + 2 * U, *go = g + 3 * U, *tc = tcs + o, *cp = cprev + o;
        float* dzr = dz + Problem::row(b, t, T, GU);
        output_gradients(U, dhr, cr, dyr, tc, go, dzr + 3 * U, tmp.data());
        scale_by_derivative(spec.activation, tc, tmp.data(), U);
        cell_gradients(U, g, cp, tmp.data(), dcr, dzr);
        scale_by_derivative(spec.recurrent_activation, gi, dzr, 2 * U);
        scale_by_derivative(spec.activation, gg, dzr + 2 * U, U);
        scale_by_derivative(spec.recurrent_activation, go, dzr + 3 * U, U);
      }
      if (!any) continue;
      recurrent_backprop(p, b0, bn, dz + Problem::row(b0, t, T, GU), static_cast<std::int64_t>(T) * GU, rk, 0, 4, true,
                         back.data(), scratch);
      for (int r = 0; r < bn; ++r) {
        if (!used[static_cast<std::size_t>(r)]) continue;
        std::memcpy(&dh[static_cast<std::size_t>(r * U)], &back[static_cast<std::size_t>(r * U)], sizeof(float) * U);
      }
    }
    if (dh0) std::memcpy(dh0 + b0 * U, dh.data(), sizeof(float) * n);
    if (dc0) std::memcpy(dc0 + b0 * U, dc.data(), sizeof(float) * n);
    input_gradients(p, ch, in.x.data<float>(), in.kernel.data<float>(), dz, mut(grads.x), sums.kernel(ch.index),
                    sums.bias(ch.index));
    if (float* drk = sums.recurrent_kernel(ch.index)) recurrent_kernel_gradient(p, ch, hprev, dz, nullptr, drk);
  });
  sums.reduce_into(grads);
}

}  // namespace keras::cpu::rnn
