#pragma once
// The shared body of keras.layers.Attention and AdditiveAttention (Keras' Attention class, which
// AdditiveAttention subclasses): scores from calculate_scores(query, key), masked and softmaxed
// over the keys, dropout in training, then weights . value.
// Inputs: [query (B, Tq, dim), value (B, Tv, dv)] or [query, value, key (B, Tv, dim)]; key
// defaults to value. Masks as Keras: the value's Keras mask (B, Tv) hides keys (scores - 1e9),
// the query's mask (B, Tq) zeroes output rows and is the output's mask.
// Outputs: (B, Tq, dv) and, with return_attention_scores, the weights (B, Tq, Tv) after dropout.

#include <optional>

#include "libkeras/model/layer.h"
#include "libkeras/utils/random.h"

namespace keras::layers {

class BaseDenseAttention : public Layer {
 public:
  std::vector<Shape> compute_output_shapes(const std::vector<Shape>& input_shapes) const override;

 protected:
  /// use_causal_mask and return_attention_scores are Keras call arguments, layer options here.
  struct Settings {
    bool use_scale;
    double dropout;
    std::optional<std::uint64_t> seed;
    bool use_causal_mask;
    bool return_attention_scores;
  };
  BaseDenseAttention(const std::string& default_prefix, const std::string& name, Settings settings);

  /// Scores (B, Tq, Tv) of query (B, Tq, dim) against key (B, Tv, dim).
  virtual Tensor calculate_scores(const Tensor& query, const Tensor& key) const = 0;

  void check_inputs(const std::vector<Shape>& shapes) const override;
  std::vector<Tensor> call_multi(const std::vector<Tensor>& inputs, bool training) override;
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs, const std::vector<Tensor>& masks,
                                   std::size_t num_outputs) const override;
  std::string who() const { return class_name() + " \"" + name() + "\""; }
  /// Adds "dropout" and "seed" (Keras' trailing config keys).
  void add_dropout_config(Json& config) const;
  /// Reads the settings shared by both layers' configs.
  static Settings read_settings(const ConfigReader& c, bool default_use_scale);

  Settings settings_;

 private:
  random::SeedGenerator generator_;
};

}  // namespace keras::layers
