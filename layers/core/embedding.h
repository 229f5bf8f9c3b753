#pragma once
// keras.layers.Embedding: turns non-negative integer indices into dense vectors,
// outputs[..., :] = embeddings[inputs[...], :].
// Input shape (batch, ...) of any integer dtype (floats are truncated, as Keras casts them)
// -> output shape (batch, ..., output_dim). With mask_zero the output carries the mask
// inputs != 0 (so index 0 is padding and input_dim should be the vocabulary size + 1).

#include "libkeras/model/layer.h"

namespace keras::layers {

struct EmbeddingOptions {
  InitializerArg embeddings_initializer = "uniform";  ///< RandomUniform(-0.05, 0.05)
  RegularizerArg embeddings_regularizer = {};
  ConstraintArg embeddings_constraint = {};
  bool mask_zero = false;
  RegularizerArg activity_regularizer = {};  ///< applied to the outputs
  std::string name = "";
};

class Embedding final : public Shareable<Embedding> {
 public:
  using Options = EmbeddingOptions;
  Embedding(std::int64_t input_dim, std::int64_t output_dim, Options options = {});
  static std::shared_ptr<Layer> from_config(const Json& config);

  std::string class_name() const override { return "Embedding"; }
  Shape compute_output_shape(const Shape& input_shape) const override;
  Json get_config() const override;
  std::int64_t input_dim() const { return input_dim_; }
  std::int64_t output_dim() const { return output_dim_; }

 protected:
  void build(const Shape& input_shape) override;
  Tensor call(const Tensor& inputs, bool training) override;

 private:
  std::int64_t input_dim_, output_dim_;
  Options options_;
  Variable* embeddings_ = nullptr;
};

}  // namespace keras::layers
