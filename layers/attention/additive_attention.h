#pragma once
// keras.layers.AdditiveAttention (Bahdanau-style): scores = sum(scale * tanh(query + key)) over
// the features, then the shared masked softmax and weights . value (BaseDenseAttention).
// Weights: scale (dim,) (glorot_uniform) when use_scale.

#include "layers/attention/base_dense_attention.h"

namespace keras::layers {

struct AdditiveAttentionOptions {
  bool use_scale = true;
  double dropout = 0.0;  ///< on the attention weights, in training
  std::optional<std::uint64_t> seed = std::nullopt;
  bool use_causal_mask = false;          ///< Keras call argument
  bool return_attention_scores = false;  ///< Keras call argument: a second output
  std::string name = "";
};

class AdditiveAttention final : public Shareable<AdditiveAttention, BaseDenseAttention> {
 public:
  using Options = AdditiveAttentionOptions;
  explicit AdditiveAttention(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "AdditiveAttention"; }
  Json get_config() const override;

 protected:
  void build_multi(const std::vector<Shape>& input_shapes) override;
  Tensor calculate_scores(const Tensor& query, const Tensor& key) const override;

 private:
  Variable* scale_ = nullptr;
};

}  // namespace keras::layers
