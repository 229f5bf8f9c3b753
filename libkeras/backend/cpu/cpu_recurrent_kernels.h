#pragma once
// CPU implementation of RecurrentKernels: one file per cell (cpu_recurrent_{simple_rnn,lstm,gru}.cpp)
// on the shared pieces of cpu_recurrent_kernels.cpp. The rows of a recurrence are independent,
// so each thread takes a contiguous block of the batch and does all of that block's work in one
// parallel region: its input projections (one product over all its steps), the time loop (one
// product with the recurrent kernel and a fused gate update per step) and, backwards, its share
// of the weight gradients, summed once at the end. Threads never wait on each other in between,
// which also keeps a core shared with other processes from stalling the other thread.

#include <cstdint>
#include <functional>
#include <vector>

#include "libkeras/backend/recurrent_kernels.h"

namespace keras::cpu {

class CpuRecurrentKernels final : public RecurrentKernels {
 public:
  void rnn_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& final_states,
                   RnnSaved* saved) override;
  void rnn_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& d_outputs,
                    const std::vector<Tensor>& d_final_states, RnnGrads& grads) override;
};

namespace rnn {

/// Sizes of one sequence problem and its optional per-sequence masks.
struct Problem {
  int B = 0, T = 0, D = 0, U = 0, G = 0;
  const float* mask = nullptr;         ///< (B, T) or null
  const float* in_drop = nullptr;      ///< (in_drop_count, B, D) or null
  const float* rec_drop = nullptr;     ///< (rec_drop_count, B, U) or null
  int in_drop_count = 0, rec_drop_count = 0;
  bool go_backwards = false, zero_output_for_mask = false;

  int GU() const { return G * U; }
  int time_of(int step) const { return go_backwards ? T - 1 - step : step; }
  bool used(int b, int t) const { return mask == nullptr || mask[static_cast<std::int64_t>(b) * T + t] != 0.0f; }
  /// Offset of row (b, t) in a (B, T, width) array.
  static std::int64_t row(int b, int t, int T, int width) { return (static_cast<std::int64_t>(b) * T + t) * width; }
  /// The recurrent dropout row of gate g for sample b, or null.
  const float* rec_mask(int g, int b) const {
    if (!rec_drop) return nullptr;
    return rec_drop + (static_cast<std::int64_t>(rec_drop_count == 1 ? 0 : g) * B + b) * U;
  }
};

Problem make_problem(const RnnSpec& spec, const RnnInputs& in, int gates);

/// v = f(v) over n values.
void activate(RnnActivation f, float* v, int n);
/// g *= f'(x) over n values, where y = f(x).
void scale_by_derivative(RnnActivation f, const float* y, float* g, int n);

/// Batch rows [b0, b1), all handled by one thread; `index` numbers the chunks from 0.
struct Chunk {
  int index = 0, b0 = 0, b1 = 0;
  int rows() const { return b1 - b0; }
};

/// How many chunks a sequence splits into: one per thread when its steps are worth it.
int chunk_count(const Problem& p);
/// Runs body on every chunk, in one parallel region: the forward (or backward) of a chunk's
/// rows needs no other rows, so threads never wait on each other until the end.
void for_batch_chunks(const Problem& p, int chunks, const std::function<void(const Chunk&)>& body);

/// Weight gradients summed per chunk, then added up once the chunks are done.
class WeightGradSums {
 public:
  WeightGradSums(int chunks, const RnnGrads& grads);
  float* kernel(int chunk) { return part(kernel_, chunk); }
  float* recurrent_kernel(int chunk) { return part(recurrent_, chunk); }
  float* bias(int chunk) { return part(bias_, chunk); }
  /// Writes the totals into grads' kernel, recurrent_kernel and bias.
  void reduce_into(RnnGrads& grads) const;

 private:
  static float* part(std::vector<std::vector<float>>& parts, int chunk);
  std::vector<std::vector<float>> kernel_, recurrent_, bias_;
};

/// proj rows of the chunk = sum_g (x * dropout_g) . kernel_g + bias_in (bias_in may be null).
/// x (B, T, D) and proj (B, T, G*U) are the whole arrays.
void project_inputs(const Problem& p, const Chunk& c, const float* x, const float* kernel, const float* bias_in,
                    float* proj);

/// Gradients of project_inputs from the chunk's rows of dz (B, T, G*U): dx rows (in the whole
/// array), and the chunk's sums for the kernel and the input bias; each skipped when null.
void input_gradients(const Problem& p, const Chunk& c, const float* x, const float* kernel, const float* dz, float* dx,
                     float* dkernel, float* dbias_in);

/// The chunk's sum for rk: sum_g (hprev * rec_dropout_g)^T . dz_g over its rows (b, t); gate G-1
/// uses `last_gate_rows` (B, T, U) instead (already masked) when it is non-null.
void recurrent_kernel_gradient(const Problem& p, const Chunk& c, const float* hprev, const float* dz,
                               const float* last_gate_rows, float* drk);

/// out[:, g*U:(g+1)*U] = (h * rec_dropout_g) . rk_g for g in [g0, g1), rows b0..b0+bn of the batch.
/// h (bn, U) and out (bn, ldo) are the chunk's rows; `masked` false skips the dropout masks.
void recurrent_product(const Problem& p, int b0, int bn, const float* h, const float* rk, int g0, int g1, bool masked,
                       float* out, int ldo, std::vector<float>& scratch);

/// dh (bn, U) = sum_{g in [g0, g1)} (dz_g . rk_g^T) * rec_dropout_g, with dz rows `lddz` apart.
void recurrent_backprop(const Problem& p, int b0, int bn, const float* dz, std::int64_t lddz, const float* rk, int g0,
                        int g1, bool masked, float* dh, std::vector<float>& scratch);

/// out (n) = sum of the rows of a (rows, n).
void column_sums(const float* a, std::int64_t rows, int n, float* out);

/// Writes a masked step's output: the previous output, or zeros with zero_output_for_mask.
void hold_output(const Problem& p, float* y, float* prev);

// The three cells (cpu_recurrent_{simple_rnn,lstm,gru}.cpp).
void simple_rnn_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                        RnnSaved* saved);
void simple_rnn_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy,
                         const std::vector<Tensor>& dfinal, RnnGrads& grads);
void lstm_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                  RnnSaved* saved);
void lstm_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy,
                   const std::vector<Tensor>& dfinal, RnnGrads& grads);
void gru_forward(const RnnSpec& spec, const RnnInputs& in, Tensor& outputs, std::vector<Tensor>& finals,
                 RnnSaved* saved);
void gru_backward(const RnnSpec& spec, const RnnInputs& in, const RnnSaved& saved, const Tensor& dy,
                  const std::vector<Tensor>& dfinal, RnnGrads& grads);

/// Pointer to a tensor's floats, or null when undefined.
inline const float* ptr(const Tensor& t) { return t.defined() ? t.data<float>() : nullptr; }
inline float* mut(Tensor& t) { return t.defined() ? t.data<float>() : nullptr; }

}  // namespace rnn

}  // namespace keras::cpu
