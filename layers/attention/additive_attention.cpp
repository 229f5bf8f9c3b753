#include "layers/attention/additive_attention.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

AdditiveAttention::AdditiveAttention(Options options)
    : Shareable("additive_attention", options.name,
                Settings{options.use_scale, options.dropout, options.seed, options.use_causal_mask,
                         options.return_attention_scores}) {}

std::shared_ptr<Layer> AdditiveAttention::from_config(const Json& config) {
  ConfigReader c(config, "AdditiveAttention layer");
  Settings s = read_settings(c, true);
  return std::make_shared<AdditiveAttention>(
      Options{.use_scale = s.use_scale, .dropout = s.dropout, .seed = s.seed, .name = c.string("name", "")});
}

void AdditiveAttention::build_multi(const std::vector<Shape>& input_shapes) {
  if (settings_.use_scale) scale_ = &add_weight("scale", Shape{input_shapes[0].dim(-1)}, "glorot_uniform");
}

Tensor AdditiveAttention::calculate_scores(const Tensor& query, const Tensor& key) const {
  // (B, Tq, 1, dim) + (B, 1, Tv, dim) -> (B, Tq, Tv, dim), summed over dim.
  Tensor t = ops::tanh(ops::add(ops::expand_dims(query, -2), ops::expand_dims(key, -3)));
  if (scale_) t = ops::multiply(scale_->value(), t);
  return ops::sum(t, {-1});
}

Json AdditiveAttention::get_config() const {
  Json c = base_config();
  c["use_scale"] = settings_.use_scale;
  add_dropout_config(c);
  return c;
}

}  // namespace keras::layers
