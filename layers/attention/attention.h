#pragma once
// keras.layers.Attention (Luong-style): scores = query . key^T (score_mode "dot", times `scale`
// when use_scale) or concat_score_weight * sum(tanh(scale * (query + key))) ("concat"), then the
// shared masked softmax and weights . value (BaseDenseAttention).
// Weights: scale () when use_scale, concat_score_weight () in "concat" mode, both ones.

#include "layers/attention/base_dense_attention.h"

namespace keras::layers {

struct AttentionOptions {
  bool use_scale = false;
  std::string score_mode = "dot";  ///< "dot" or "concat"
  double dropout = 0.0;            ///< on the attention weights, in training
  std::optional<std::uint64_t> seed = std::nullopt;
  bool use_causal_mask = false;          ///< Keras call argument
  bool return_attention_scores = false;  ///< Keras call argument: a second output
  std::string name = "";
};

class Attention final : public Shareable<Attention, BaseDenseAttention> {
 public:
  using Options = AttentionOptions;
  explicit Attention(Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Attention"; }
  Json get_config() const override;

 protected:
  void build_multi(const std::vector<Shape>& input_shapes) override;
  Tensor calculate_scores(const Tensor& query, const Tensor& key) const override;

 private:
  std::string score_mode_;
  Variable* scale_ = nullptr;
  Variable* concat_score_weight_ = nullptr;
};

}  // namespace keras::layers
