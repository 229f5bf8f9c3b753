#pragma once
// keras.layers.MultiHeadAttention (Vaswani et al., 2017):
//   q = query . Wq + bq, k = key . Wk + bk, v = value . Wv + bv   (per head: N heads of size H)
//   scores = softmax(q k^T / sqrt(key_dim), masked), out = (dropout(scores) v) . Wo + bo
// Inputs: [query, value], [query, value, key] or [query, value, key, attention_mask]; key
// defaults to value. query (B, T..., Dq), value (B, S..., Dv), key (B, S..., Dk), attention_mask
// broadcastable to (B, T..., S...). Attention runs over attention_axes (axes of the inputs;
// default: every axis between the batch and the features); the other axes
// between them ride along as batch axes and must agree between query and value. Keras masks of
// the inputs need the default axes; an explicit attention_mask works with any.
// Masks as Keras: the Keras masks of query (B, T...), value and key (B, S...) combine (AND) with
// the attention mask, the causal mask and the sliding window; the output carries the query's
// mask. Output: (B, T..., *output_shape) (default output_shape: Dq) and, with
// return_attention_scores, the scores (B, axes riding along..., N, T..., S...) before dropout.
// `use_causal_mask` and `return_attention_scores` are arguments of call() in Keras; here they are
// layer options (not part of the Keras config).
// Weights (Keras' sublayer order): query/kernel (Dq, N, H), query/bias (N, H), key/kernel,
// key/bias, [gate/kernel (Dq, N, Hv), gate/bias], value/kernel (Dv, N, Hv), value/bias (N, Hv),
// attention_output/kernel (N, Hv, *output_shape), attention_output/bias (*output_shape).

#include <optional>
#include <vector>

#include "layers/attention/attention_axes.h"
#include "layers/normalization/weight_args.h"
#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

struct MultiHeadAttentionOptions {
  std::optional<std::int64_t> value_dim = std::nullopt;  ///< None: key_dim
  double dropout = 0.0;                                  ///< on the attention probabilities, in training
  bool use_bias = true;
  std::vector<std::int64_t> output_shape = {};                ///< empty: None (the query's feature size)
  std::vector<int> attention_axes = {};                       ///< empty: None (all axes between batch and features)
  std::optional<std::int64_t> sliding_window = std::nullopt;  ///< keys within window - 1 positions
  InitializerArg kernel_initializer = "glorot_uniform";
  InitializerArg bias_initializer = "zeros";
  RegularizerArg kernel_regularizer = {};
  RegularizerArg bias_regularizer = {};
  RegularizerArg activity_regularizer = {};  ///< on each projection's output, as Keras' sublayers
  ConstraintArg kernel_constraint = {};
  ConstraintArg bias_constraint = {};
  bool use_gate = false;  ///< multiply the attention output by sigmoid(query . Wg + bg) per head
  std::optional<std::uint64_t> seed = std::nullopt;
  bool use_causal_mask = false;          ///< Keras call argument
  bool return_attention_scores = false;  ///< Keras call argument: a second output
  std::string name = "";
};

class MultiHeadAttention final : public Shareable<MultiHeadAttention> {
 public:
  using Options = MultiHeadAttentionOptions;
  MultiHeadAttention(std::int64_t num_heads, std::int64_t key_dim, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "MultiHeadAttention"; }
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;
  Json get_config() const override;
  /// Keras keeps the projections in EinsumDense sub-layers (query_dense, ..., _gate_dense).
  std::vector<SaveableVars> saveable_vars() const override;
  std::int64_t num_heads() const { return num_heads_; }
  std::int64_t key_dim() const { return key_dim_; }
  std::int64_t value_dim() const { return value_dim_; }

 protected:
  void build_multi(const std::vector<Shape>& input_shapes) override;
  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;

 private:
  struct Projection {
    Variable* kernel = nullptr;
    Variable* bias = nullptr;
  };
  std::string who() const;
  Projection add_projection(const std::string& prefix, const Shape& kernel_shape, const Shape& bias_shape);
  // x (B, d..., D) . kernel (D, out_tail...) + bias: (B, d..., out_tail...).
  Tensor project(const Tensor& x, const Projection& p, const Shape& out_tail);
  // The combined mask (B x axes riding along, T, S), undefined for none.
  Tensor attention_mask(const std::vector<Tensor>& inputs, const attention::AxesLayout& axes, std::int64_t t,
                        std::int64_t s) const;
  attention::AxesLayout layout(int rank) const;
  Shape scores_shape(const Shape& query, const Shape& value, const attention::AxesLayout& axes) const;
  void add_activity_loss(const Tensor& output);

  std::int64_t num_heads_, key_dim_, value_dim_;
  Options options_;
  random::SeedGenerator generator_;
  Projection query_, key_, gate_, value_, output_;
};

}  // namespace keras::layers
