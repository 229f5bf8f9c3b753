#include "layers/attention/attention.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Attention::Attention(Options options)
    : Shareable("attention", options.name,
                Settings{options.use_scale, options.dropout, options.seed, options.use_causal_mask,
                         options.return_attention_scores}),
      score_mode_(options.score_mode) {
  if (score_mode_ != "dot" && score_mode_ != "concat") {
    throw ValueError("Attention layer \"" + name() +
                     "\": invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: "
                     "score_mode=" +
                     score_mode_);
  }
}

std::shared_ptr<Layer> Attention::from_config(const Json& config) {
  ConfigReader c(config, "Attention layer");
  Settings s = read_settings(c, false);
  auto layer = std::make_shared<Attention>(Options{.use_scale = s.use_scale,
                                                   .score_mode = c.string("score_mode", "dot"),
                                                   .dropout = s.dropout,
                                                   .seed = s.seed,
                                                   .name = c.string("name", "")});
  return layer;
}

void Attention::build_multi(const std::vector<Shape>&) {
  if (settings_.use_scale) scale_ = &add_weight("scale", Shape{}, "ones");
  if (score_mode_ == "concat") concat_score_weight_ = &add_weight("concat_score_weight", Shape{}, "ones");
}

Tensor Attention::calculate_scores(const Tensor& query, const Tensor& key) const {
  if (score_mode_ == "dot") {
    Tensor scores = ops::matmul(query, key, false, true);
    return scale_ ? ops::multiply(scores, scale_->value()) : scores;
  }
  // (B, Tq, 1, dim) + (B, 1, Tv, dim) -> (B, Tq, Tv, dim), summed over dim.
  Tensor sum = ops::add(ops::expand_dims(query, -2), ops::expand_dims(key, -3));
  if (scale_) sum = ops::multiply(scale_->value(), sum);
  return ops::multiply(concat_score_weight_->value(), ops::sum(ops::tanh(sum), {-1}));
}

Json Attention::get_config() const {
  Json c = base_config();
  c["use_scale"] = settings_.use_scale;
  c["score_mode"] = score_mode_;
  add_dropout_config(c);
  return c;
}

}  // namespace keras::layers
