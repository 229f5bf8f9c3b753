#include "layers/core/embedding.h"

#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::layers {

Embedding::Embedding(std::int64_t input_dim, std::int64_t output_dim, Options options)
    : Shareable("embedding", options.name), input_dim_(input_dim), output_dim_(output_dim),
      options_(std::move(options)) {
  for (auto [field, value] : {std::pair{"input_dim", input_dim}, std::pair{"output_dim", output_dim}}) {
    if (value <= 0) {
      throw ValueError("Embedding layer \"" + name() + "\": expected a positive integer for '" + field +
                       "', received " + field + "=" + std::to_string(value));
    }
  }
  supports_masking_ = options_.mask_zero;
  activity_regularizer_ = options_.activity_regularizer.get();
}

std::shared_ptr<Layer> Embedding::from_config(const Json& config) {
  ConfigReader c(config, "Embedding layer");
  Options o;
  if (!c.is_null("embeddings_initializer")) {
    o.embeddings_initializer = initializers::deserialize(c.raw("embeddings_initializer"));
  }
  o.embeddings_regularizer = regularizers::deserialize_field(c, "embeddings_regularizer");
  o.embeddings_constraint = constraints::deserialize_field(c, "embeddings_constraint");
  o.mask_zero = c.boolean("mask_zero", false);
  o.activity_regularizer = regularizers::deserialize_field(c, "activity_regularizer");
  o.name = c.string("name", "");
  // Keras 2's "input_length" is accepted and ignored, as Keras 3 does.
  return std::make_shared<Embedding>(c.integer("input_dim"), c.integer("output_dim"), o);
}

void Embedding::build(const Shape&) {
  embeddings_ = &add_weight("embeddings", Shape{input_dim_, output_dim_}, options_.embeddings_initializer, true,
                            options_.embeddings_regularizer, options_.embeddings_constraint);
}

Shape Embedding::compute_output_shape(const Shape& input_shape) const {
  Shape out = input_shape;
  out.push_back(output_dim_);
  return out;
}

Tensor Embedding::call(const Tensor& inputs, bool) {
  Tensor outputs;
  try {
    outputs = ops::take(embeddings_->value(), inputs);
  } catch (const ValueError& e) {
    throw ValueError("Embedding layer \"" + name() + "\" (input_dim=" + std::to_string(input_dim_) +
                     "): every input index must lie in [0, " + std::to_string(input_dim_) + "). " + e.what());
  }
  if (options_.mask_zero) {
    Tensor zero = ops::equal(inputs, Tensor::scalar(0.0f, inputs.device()));
    outputs.set_mask(ops::subtract(Tensor::scalar(1.0f, inputs.device()), zero));
  }
  return outputs;
}

Json Embedding::get_config() const {
  Json c = base_config();
  // Keras' base config puts a set activity regularizer after dtype; unset, it follows
  // embeddings_regularizer as null (Embedding.get_config lists it explicitly).
  if (activity_regularizer_) c["activity_regularizer"] = nullptr;
  c["input_dim"] = input_dim_;
  c["output_dim"] = output_dim_;
  c["embeddings_initializer"] = initializers::serialize(*options_.embeddings_initializer);
  c["embeddings_regularizer"] = regularizers::serialize(options_.embeddings_regularizer.get().get());
  c["activity_regularizer"] = regularizers::serialize(activity_regularizer_.get());
  c["embeddings_constraint"] = constraints::serialize(options_.embeddings_constraint.get().get());
  c["mask_zero"] = options_.mask_zero;
  return c;
}

}  // namespace keras::layers
