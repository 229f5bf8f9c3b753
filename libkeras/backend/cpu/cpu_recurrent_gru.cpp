// Fused GRU over a whole sequence (Keras GRUCell, gates z, r, h):
//   reset_after:  q = h rk + b_rec;  z, r = rec_act(x_t k_zr + b_zr + q_zr);  hh = act(x_t k_h + b_h + r q_h)
//   reset_before: z, r = rec_act(x_t k_zr + b_zr + h rk_zr);  hh = act(x_t k_h + b_h + (r h) rk_h)
//   h' = z h + (1 - z) hh
// Saved for the backward, per (b, t): [z r hh], h before the step, and q_h (reset_after) or
// r h (reset_before, the rows that multiplied rk_h).

#include <algorithm>
#include <cstring>

#include "libkeras/backend/cpu/cpu_recurrent_kernels.h"

namespace keras::cpu::rnn {

namespace {

constexpr std::size_t sz(int v) { return static_cast<std::size_t>(v); }

void copy_row(float* dst, const float* src, int n) { std::memcpy(dst, src, sizeof(float) * sz(n)); }

// h = z h + (1 - z) hh, also written to the step's output and the previous-output buffer.
void mix(const float* g, int U, float* h, float* y, float* prev) {
  const float *z = g, *hh = g + 2 * U;
  for (int k = 0; k < U; ++k) {
    h[k] = z[k] * h[k] + (1.0f - z[k]) * hh[k];
    y[k] = h[k];
    prev[k] = h[k];
  }
}

}  // namespace

void gru_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                 RnnSaved* saved) {
  const Problem p = make_problem(spec, in, 3);
  const int B = p.B, T = p.T, U = p.U, GU = p.GU();
  const bool after = spec.reset_after;
  const float* bias = ptr(in.bias);
  const float* rec_bias = after && bias ? bias + GU : nullptr;
  Tensor proj(Shape{B, T, GU});
  float *gates = nullptr, *hprev = nullptr, *extra = nullptr;
  if (saved) {
    saved->tensors = {Tensor(Shape{B, T, GU}), Tensor(Shape{B, T, U}), Tensor(Shape{B, T, U})};
    gates = saved->tensors[0].data<float>();
    hprev = saved->tensors[1].data<float>();
    extra = saved->tensors[2].data<float>();
  }
  const float *pj = proj.data<float>(), *rk = in.recurrent_kernel.data<float>(), *h0 = in.states[0].data<float>();
  float *y = outputs.data<float>(), *hT = finals[0].data<float>();

  for_batch_chunks(p, chunk_count(p), [&](const Chunk& ch) {
    const int b0 = ch.b0, b1 = ch.b1, bn = ch.rows();
    project_inputs(p, ch, in.x.data<float>(), in.kernel.data<float>(), bias, proj.data<float>());
    std::vector<float> h(h0 + b0 * U, h0 + b1 * U), prev(sz(bn * U), 0.0f), q(sz(bn * GU)), rh(sz(bn * U));
    std::vector<float> scratch;
    for (int s = 0; s < T; ++s) {
      const int t = p.time_of(s);
      recurrent_product(p, b0, bn, h.data(), rk, 0, after ? 3 : 2, true, q.data(), GU, scratch);
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        if (!p.used(b, t)) {
          hold_output(p, y + Problem::row(b, s, T, U), &prev[sz(r * U)]);
          continue;
        }
        float *qr = &q[sz(r * GU)], *hr = &h[sz(r * U)];
        const float* xr = pj + Problem::row(b, t, T, GU);
        if (rec_bias) {
          for (int k = 0; k < GU; ++k) qr[k] += rec_bias[k];
        }
        for (int k = 0; k < 2 * U; ++k) qr[k] += xr[k];
        activate(spec.recurrent_activation, qr, 2 * U);
        if (after) {
          if (saved) copy_row(extra + Problem::row(b, t, T, U), qr + 2 * U, U);
          for (int k = 0; k < U; ++k) qr[2 * U + k] = xr[2 * U + k] + qr[U + k] * qr[2 * U + k];
          activate(spec.activation, qr + 2 * U, U);
          if (saved) {
            copy_row(gates + Problem::row(b, t, T, GU), qr, GU);
            copy_row(hprev + Problem::row(b, t, T, U), hr, U);
          }
          mix(qr, U, hr, y + Problem::row(b, s, T, U), &prev[sz(r * U)]);
        } else {
          const float* m = p.rec_mask(2, b);
          for (int k = 0; k < U; ++k) rh[sz(r * U + k)] = qr[U + k] * hr[k] * (m ? m[k] : 1.0f);
        }
      }
      if (after) continue;
      // reset_before: the candidate needs (r h) rk_h, a second product per step.
      recurrent_product(p, b0, bn, rh.data(), rk, 2, 3, false, q.data(), GU, scratch);
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        if (!p.used(b, t)) continue;
        float *qr = &q[sz(r * GU)], *hr = &h[sz(r * U)];
        const float* xr = pj + Problem::row(b, t, T, GU);
        for (int k = 0; k < U; ++k) qr[2 * U + k] += xr[2 * U + k];
        activate(spec.activation, qr + 2 * U, U);
        if (saved) {
          copy_row(gates + Problem::row(b, t, T, GU), qr, GU);
          copy_row(hprev + Problem::row(b, t, T, U), hr, U);
          copy_row(extra + Problem::row(b, t, T, U), &rh[sz(r * U)], U);
        }
        mix(qr, U, hr, y + Problem::row(b, s, T, U), &prev[sz(r * U)]);
      }
    }
    copy_row(hT + b0 * U, h.data(), bn * U);
  });
}

void gru_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy_t,
                  const std::vector<Tensor>& dfinal, RnnGrads& grads) {
  const Problem p = make_problem(spec, in, 3);
  const int B = p.B, T = p.T, U = p.U, GU = p.GU();
  const bool after = spec.reset_after;
  const float *gates = saved.tensors[0].data<float>(), *hprev = saved.tensors[1].data<float>();
  const float* extra = saved.tensors[2].data<float>();
  const float *dy = ptr(dy_t), *dhT = ptr(dfinal[0]), *rk = in.recurrent_kernel.data<float>();
  // Gate gradients seen by the input side and by the recurrent side; they differ only in the
  // candidate block with reset_after (r scales q_h), so reset_before shares one array.
  Tensor dzin_t(Shape{B, T, GU});
  Tensor dzrec_t = after ? Tensor(Shape{B, T, GU}) : dzin_t;
  float *dzin = dzin_t.data<float>(), *dzrec = dzrec_t.data<float>(), *dh0 = mut(grads.states[0]);
  const std::int64_t ld = static_cast<std::int64_t>(T) * GU;

  const int chunks = chunk_count(p);
  WeightGradSums sums(chunks, grads);
  for_batch_chunks(p, chunks, [&](const Chunk& ch) {
    const int b0 = ch.b0, bn = ch.rows();
    const std::size_t n = sz(bn * U);
    std::vector<float> dh(n, 0.0f), carry(n, 0.0f), direct(n), back(n), scratch;
    if (dhT) std::memcpy(dh.data(), dhT + b0 * U, sizeof(float) * n);
    std::vector<char> used(sz(bn));
    for (int s = T - 1; s >= 0; --s) {
      const int t = p.time_of(s);
      bool any = false;
      for (int r = 0; r < bn; ++r) {
        const int b = b0 + r;
        float *dhr = &dh[sz(r * U)], *cr = &carry[sz(r * U)], *dr_ = &direct[sz(r * U)];
        const float* dyr = dy ? dy + Problem::row(b, s, T, U) : nullptr;
        used[sz(r)] = p.used(b, t);
        if (!used[sz(r)]) {
          for (int k = 0; k < U; ++k) cr[k] = p.zero_output_for_mask ? 0.0f : cr[k] + (dyr ? dyr[k] : 0.0f);
          std::fill_n(dzin + Problem::row(b, t, T, GU), GU, 0.0f);
          if (after) std::fill_n(dzrec + Problem::row(b, t, T, GU), GU, 0.0f);
          continue;
        }
        any = true;
        const std::int64_t o = Problem::row(b, t, T, U);
        const float* g = gates + Problem::row(b, t, T, GU);
        const float *z = g, *hh = g + 2 * U, *hp = hprev + o;
        float* di = dzin + Problem::row(b, t, T, GU);
        for (int k = 0; k < U; ++k) {
          const float dht = dhr[k] + cr[k] + (dyr ? dyr[k] : 0.0f);
          cr[k] = 0.0f;
          di[k] = dht * (hp[k] - hh[k]);
          di[2 * U + k] = dht * (1.0f - z[k]);
          dr_[k] = dht * z[k];
        }
        scale_by_derivative(spec.activation, hh, di + 2 * U, U);
        if (!after) continue;
        const float *rr = g + U, *qh = extra + o;
        float* dq = dzrec + Problem::row(b, t, T, GU);
        for (int k = 0; k < U; ++k) {
          di[U + k] = di[2 * U + k] * qh[k];
          dq[2 * U + k] = di[2 * U + k] * rr[k];
        }
        scale_by_derivative(spec.recurrent_activation, g, di, 2 * U);
        copy_row(dq, di, 2 * U);
      }
      if (!any) continue;
      if (!after) {
        // d(r h) = d_candidate . rk_h^T feeds the reset gate and h.
        recurrent_backprop(p, b0, bn, dzin + Problem::row(b0, t, T, GU), ld, rk, 2, 3, false, back.data(), scratch);
        for (int r = 0; r < bn; ++r) {
          const int b = b0 + r;
          if (!used[sz(r)]) continue;
          const std::int64_t o = Problem::row(b, t, T, U);
          const float *g = gates + Problem::row(b, t, T, GU), *hp = hprev + o, *m = p.rec_mask(2, b);
          float *di = dzin + Problem::row(b, t, T, GU), *drh = &back[sz(r * U)], *dr_ = &direct[sz(r * U)];
          for (int k = 0; k < U; ++k) {
            const float mk = m ? m[k] : 1.0f;
            di[U + k] = drh[k] * hp[k] * mk;
            dr_[k] += drh[k] * g[U + k] * mk;
          }
          scale_by_derivative(spec.recurrent_activation, g, di, 2 * U);
        }
      }
      recurrent_backprop(p, b0, bn, dzrec + Problem::row(b0, t, T, GU), ld, rk, 0, after ? 3 : 2, true, back.data(),
                         scratch);
      for (int r = 0; r < bn; ++r) {
        if (!used[sz(r)]) continue;
        for (int k = 0; k < U; ++k) dh[sz(r * U + k)] = direct[sz(r * U + k)] + back[sz(r * U + k)];
      }
    }
    if (dh0) std::memcpy(dh0 + b0 * U, dh.data(), sizeof(float) * n);
    float* dbias = sums.bias(ch.index);
    input_gradients(p, ch, in.x.data<float>(), in.kernel.data<float>(), dzin, mut(grads.x), sums.kernel(ch.index),
                    dbias);
    if (dbias && after)
      column_sums(dzrec + Problem::row(b0, 0, T, GU), static_cast<std::int64_t>(bn) * T, GU, dbias + GU);
    if (float* drk = sums.recurrent_kernel(ch.index)) {
      recurrent_kernel_gradient(p, ch, hprev, dzrec, after ? nullptr : extra, drk);
    }
  });
  sums.reduce_into(grads);
}

}  // namespace keras::cpu::rnn
