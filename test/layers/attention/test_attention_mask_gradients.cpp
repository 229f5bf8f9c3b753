// Finite-difference gradients of the attention layers under every mask source (Keras masks on
// query, value and key, the attention_mask input, the causal mask, the sliding window), for the
// inputs and every weight, on the output and on the returned attention scores.

#include <catch2/catch.hpp>

#include "layers/attention/additive_attention.h"
#include "layers/attention/attention.h"
#include "layers/attention/multi_head_attention.h"
#include "test/layers/attention/multi_input_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// Attention and AdditiveAttention mask a score as `score - 1e9` in float32, which rounds to exactly
// -1e9: a fully masked row is then flat in its scores, while the tape still differentiates the
// subtraction (as in Keras). The masks below leave every (query, key) row at least one key so that
// finite differences and the tape describe the same function; value position 0 is never masked,
// which keeps causal rows alive too.
const Tensor kValueMask = tensor({1, 0, 1, 1, 1, 1, 0, 0}, {2, 4});
const Tensor kQueryMask = tensor({1, 0, 1, 1, 1, 0}, {2, 3});

// Gradients of output `which` of `layer` for the inputs (masks attached beforehand ride on them)
// and every weight; `extra_inputs` (e.g. the attention_mask) are passed through but not perturbed,
// since a 0/1 mask is not differentiable.
void check_layer_gradients(Layer& layer, const std::vector<Tensor>& inputs, std::size_t which,
                           const std::vector<Tensor>& extra_inputs = {}) {
  std::vector<Tensor> weights;
  for (Variable* v : layer.weights()) weights.push_back(v->value());
  check_gradients(
      [&](const std::vector<Tensor>& in) {
        std::vector<Tensor> all = in;
        all.insert(all.end(), extra_inputs.begin(), extra_inputs.end());
        return layer(all, false)[which];
      },
      inputs, {.eps = 1e-3}, weights);
}

// query (2, 3, 4), value (2, 4, 3), key (2, 4, 4) with the Keras masks attached as asked.
std::vector<Tensor> dense_inputs(bool query_mask, bool value_mask, unsigned seed) {
  Tensor q = random_tensor({2, 3, 4}, -1, 1, seed), v = random_tensor({2, 4, 3}, -1, 1, seed + 1);
  Tensor k = random_tensor({2, 4, 4}, -1, 1, seed + 2);
  if (query_mask) q.set_mask(kQueryMask);
  if (value_mask) v.set_mask(kValueMask);
  return {q, v, k};
}

}  // namespace

TEST_CASE("Attention gradients with masks", "[layers][attention][dot_attention][mask][gradients]") {
  struct Case {
    std::string name, mode;
    bool query_mask, value_mask, causal;
  };
  for (const Case& c : std::vector<Case>{{"dot, value mask", "dot", false, true, false},
                                         {"dot, query and value masks, causal", "dot", true, true, true},
                                         {"concat, query mask", "concat", true, false, false},
                                         {"concat, value mask, causal", "concat", false, true, true}}) {
    INFO(c.name);
    Attention att(Attention::Options{
        .use_scale = true, .score_mode = c.mode, .use_causal_mask = c.causal, .return_attention_scores = true});
    std::vector<Tensor> in = dense_inputs(c.query_mask, c.value_mask, 80);
    att.maybe_build(std::vector<Shape>{in[0].shape(), in[1].shape(), in[2].shape()});
    // Away from the initial ones, so that a gradient scaled by the wrong weight shows.
    std::vector<Tensor> w{Tensor::scalar(0.7f)};
    if (c.mode == "concat") w.push_back(Tensor::scalar(1.3f));
    att.set_weights(w);
    check_layer_gradients(att, in, 0);
    check_layer_gradients(att, in, 1);
  }
}

TEST_CASE("AdditiveAttention gradients with masks", "[layers][attention][additive_attention][mask][gradients]") {
  for (bool causal : {false, true}) {
    INFO("causal " << causal);
    AdditiveAttention att(AdditiveAttention::Options{.use_causal_mask = causal, .return_attention_scores = true});
    std::vector<Tensor> in = dense_inputs(true, true, 90);
    att.maybe_build(std::vector<Shape>{in[0].shape(), in[1].shape(), in[2].shape()});
    att.set_weights({random_tensor({4}, -1, 1, 93)});
    check_layer_gradients(att, in, 0);
    check_layer_gradients(att, in, 1);
  }
  AdditiveAttention causal_only(AdditiveAttention::Options{.use_scale = false, .use_causal_mask = true});
  check_layer_gradients(causal_only, dense_inputs(false, false, 94), 0);
}

TEST_CASE("MultiHeadAttention gradients with masks", "[layers][attention][multi_head_attention][mask][gradients]") {
  // MultiHeadAttention replaces masked scores instead of shifting them, so fully masked rows (the
  // query mask's zeros, the attention mask's row of zeros below) are flat for both the tape and
  // finite differences and may stay.
  const Tensor query_mask = tensor({1, 1, 0, 1, 1, 1}, {2, 3}), value_mask = tensor({1, 0, 1, 1, 1, 1, 0, 1}, {2, 4});
  const Tensor key_mask = tensor({1, 1, 1, 0, 1, 1, 1, 1}, {2, 4});
  const Tensor attention_mask = tensor({1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1,   //
                                        1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1},  //
                                       {2, 3, 4});
  struct Case {
    std::string name;
    bool masks, attention_mask, causal;
    std::int64_t window;
    bool scores;  // the explicit path (masked_softmax) instead of the fused one
  };
  for (const Case& c : std::vector<Case>{{"query, value and key masks", true, false, false, 0, false},
                                         {"attention mask", false, true, false, 0, false},
                                         {"causal", false, false, true, 0, false},
                                         {"everything", true, true, true, 2, false},
                                         {"query, value and key masks, scores", true, false, false, 0, true},
                                         {"everything, scores", true, true, true, 2, true}}) {
    INFO(c.name);
    MultiHeadAttention mha(
        2, 3,
        MultiHeadAttention::Options{.sliding_window = c.window ? std::optional<std::int64_t>(c.window) : std::nullopt,
                                    .use_causal_mask = c.causal,
                                    .return_attention_scores = c.scores});
    Tensor q = random_tensor({2, 3, 4}, -1, 1, 100), v = random_tensor({2, 4, 5}, -1, 1, 101);
    Tensor k = random_tensor({2, 4, 3}, -1, 1, 102);
    if (c.masks) {
      q.set_mask(query_mask);
      v.set_mask(value_mask);
      k.set_mask(key_mask);
    }
    mha.maybe_build(std::vector<Shape>{q.shape(), v.shape(), k.shape()});
    // Random biases too: the initial zeros would hide a bias gradient routed to the wrong place.
    std::vector<Tensor> w;
    unsigned seed = 110;
    for (Variable* var : mha.weights()) w.push_back(random_tensor(var->shape(), -0.8f, 0.8f, seed++));
    mha.set_weights(w);
    std::vector<Tensor> extra;
    if (c.attention_mask) extra.push_back(attention_mask);
    check_layer_gradients(mha, {q, v, k}, 0, extra);
    if (c.scores) check_layer_gradients(mha, {q, v, k}, 1, extra);
  }
}
