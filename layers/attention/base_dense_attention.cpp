#include "layers/attention/base_dense_attention.h"

#include <nlohmann/json.hpp>

#include "layers/attention/attention_masks.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

BaseDenseAttention::BaseDenseAttention(const std::string& default_prefix, const std::string& name, Settings settings)
    : Layer(default_prefix, name), settings_(settings),
      generator_(settings.seed) {
  if (!(settings_.dropout >= 0.0 && settings_.dropout < 1.0)) {
    throw ValueError(default_prefix + " layer \"" + this->name() +
                     "\": dropout must be in [0, 1), received dropout=" + std::to_string(settings_.dropout));
  }
  supports_masking_ = true;
}

BaseDenseAttention::Settings BaseDenseAttention::read_settings(const ConfigReader& c, bool default_use_scale) {
  Settings s{c.boolean("use_scale", default_use_scale), c.number("dropout", 0.0), std::nullopt, false, false};
  if (!c.is_null("seed")) s.seed = static_cast<std::uint64_t>(c.integer("seed"));
  return s;
}

void BaseDenseAttention::add_dropout_config(Json& config) const {
  config["dropout"] = settings_.dropout;
  config["seed"] = settings_.seed ? Json(*settings_.seed) : Json(nullptr);
}

void BaseDenseAttention::check_inputs(const std::vector<Shape>& shapes) const {
  if (shapes.size() < 2 || shapes.size() > 3) {
    throw ValueError(who() +
                     " accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. "
                     "Received length: " +
                     std::to_string(shapes.size()));
  }
  const Shape& query = shapes[0];
  const Shape& value = shapes[1];
  const Shape& key = shapes.size() > 2 ? shapes[2] : value;
  for (const Shape* s : {&query, &value, &key}) {
    if (s->rank() != 3) {
      throw ShapeError(who() + ": query, value and key must have shape (batch, steps, features); received query " +
                       query.to_string() + ", value " + value.to_string() + ", key " + key.to_string());
    }
  }
  auto differ = [](std::int64_t a, std::int64_t b) { return a >= 0 && b >= 0 && a != b; };
  if (differ(query[0], value[0]) || differ(value[0], key[0]) || differ(value[1], key[1])) {
    throw ShapeError(who() +
                     ": value and key need the same batch size and steps as each other (and the query's "
                     "batch size); received query " +
                     query.to_string() + ", value " + value.to_string() + ", key " + key.to_string());
  }
  if (differ(query[2], key[2])) {
    throw ShapeError(who() + ": query and key need the same feature size to be compared; received query " +
                     query.to_string() + " and key " + key.to_string());
  }
}

std::vector<Shape> BaseDenseAttention::compute_output_shapes(const std::vector<Shape>& shapes) const {
  check_inputs(shapes);
  const Shape& query = shapes[0];
  const Shape& value = shapes[1];
  const Shape& key = shapes.size() > 2 ? shapes[2] : value;
  std::vector<Shape> out{Shape{query[0], query[1], value[2]}};
  if (settings_.return_attention_scores) out.push_back(Shape{query[0], query[1], key[1]});
  return out;
}

std::vector<Tensor> BaseDenseAttention::call_multi(const std::vector<Tensor>& inputs, bool training) {
  const Tensor& query = inputs[0];
  const Tensor& value = inputs[1];
  const Tensor& key = inputs.size() > 2 ? inputs[2] : value;
  Tensor scores = calculate_scores(query, key);
  Tensor keep;  // (B or 1, 1 or Tq, Tv)
  if (value.mask().defined()) keep = ops::expand_dims(attention::as_float_mask(value.mask()), -2);
  if (settings_.use_causal_mask)
    keep = attention::combine(keep, attention::causal_mask(scores.dim(1), scores.dim(2), scores.device()));
  if (keep.defined()) {
    // Keras: where(padding, scores - 1e9, scores); a fully masked row keeps its softmax shape.
    Tensor padding = ops::subtract(Tensor::scalar(1.0f, keep.device()), keep);
    scores = ops::where(padding, ops::subtract(scores, Tensor::scalar(1e9f, scores.device())), scores);
  }
  Tensor weights = ops::softmax(scores, -1);
  if (training && settings_.dropout > 0.0) {
    weights = ops::dropout(weights, static_cast<float>(settings_.dropout), generator_.next_u64());
  }
  Tensor output = ops::matmul(weights, value);
  if (query.mask().defined())
    output = ops::multiply(output, ops::expand_dims(attention::as_float_mask(query.mask()), -1));
  std::vector<Tensor> outputs{output};
  if (settings_.return_attention_scores) outputs.push_back(weights);
  return outputs;
}

std::vector<Tensor> BaseDenseAttention::compute_mask(const std::vector<Tensor>&, const std::vector<Tensor>& masks,
                                                     std::size_t num_outputs) const {
  std::vector<Tensor> out(num_outputs);
  if (num_outputs > 0 && !masks.empty()) out[0] = masks[0];
  return out;
}

}  // namespace keras::layers
