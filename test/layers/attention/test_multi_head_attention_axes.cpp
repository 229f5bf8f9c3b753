// MultiHeadAttention over attention_axes other than Keras' default: against the by-hand
// reference run on the input rearranged so the axes riding along join the batch (what Keras'
// einsum equations compute), scores in Keras' (batch, riding axes..., heads, T..., S...) layout,
// attention masks, gradients, shapes and errors.

#include <catch2/catch.hpp>

#include "layers/attention/multi_head_attention.h"
#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "test/layers/attention/mha_reference.h"
#include "test/layers/attention/multi_input_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// (B, A1, A2, F) with the other axis moved next to the batch and merged into it: attending over
// axis 2 gives (B*A1, A2, F); over axis 1, (B*A2, A1, F).
Tensor ride_along(const Tensor& x, int attended) {
  const Tensor moved = attended == 2 ? x : ops::transpose(x, {0, 2, 1, 3});
  return ops::reshape(moved, Shape{moved.dim(0) * moved.dim(1), moved.dim(2), moved.dim(3)});
}

}  // namespace

TEST_CASE("MultiHeadAttention attends over the given attention_axes only",
          "[layers][attention][multi_head_attention]") {
  for (int attended : {2, 1, -2}) {
    const int axis = attended < 0 ? attended + 4 : attended;
    MultiHeadAttention mha(2, 3, MultiHeadAttention::Options{.attention_axes = {attended},
                                                             .return_attention_scores = true});
    const Tensor query = random_tensor({2, 3, 4, 5}, -1, 1, 11), value = random_tensor({2, 3, 4, 6}, -1, 1, 12);
    const std::vector<Tensor> out = forward_multi(mha, {query, value});
    const std::vector<Tensor> w = randomize(mha, 20);
    const std::vector<Tensor> got = forward_multi(mha, {query, value});
    const Tensor q = ride_along(query, axis), v = ride_along(value, axis);
    const Reference ref = naive_mha(q, v, v, w, 2, 3, 3, true, false, {}, false);
    const std::int64_t a = axis == 2 ? 3 : 4, t = axis == 2 ? 4 : 3;  // riding and attended sizes
    // The reference's output is (B * a, t, F) in ride-along order; put it back into (B, 3, 4, F).
    Tensor expected = Tensor::from_vector(std::vector<float>(ref.output.begin(), ref.output.end()), {2, a, t, 5});
    if (axis == 1) expected = ops::transpose(expected, {0, 2, 1, 3});
    check_close(got[0], expected, 1e-5, 1e-4);
    REQUIRE(got[1].shape() == Shape{2, a, 2, t, t});
    check_close(got[1], ref.scores, 1e-5, 1e-4);
    CHECK(mha.compute_output_shapes({query.shape(), value.shape()}) ==
          std::vector<Shape>{out[0].shape(), out[1].shape()});
    CHECK(mha.get_config()["attention_axes"] == Json::array({axis}));
  }
}

TEST_CASE("MultiHeadAttention over attention_axes takes an attention_mask and has gradients",
          "[layers][attention][multi_head_attention]") {
  // Attention over axis 2 of (B, 2, 3, F): the mask (B, T=3, S=3) applies to both rows of axis 1.
  MultiHeadAttention mha(2, 2, MultiHeadAttention::Options{.attention_axes = {2}});
  const Tensor query = random_tensor({2, 2, 3, 4}, -1, 1, 31), value = random_tensor({2, 2, 3, 4}, -1, 1, 32);
  std::vector<float> keep_bts(2 * 3 * 3, 1.0f);
  keep_bts[1] = keep_bts[2] = keep_bts[9 + 3] = 0.0f;
  const Tensor mask = Tensor::from_vector(keep_bts, {2, 3, 3});
  forward_multi(mha, {query, value});
  const std::vector<Tensor> w = randomize(mha, 40);
  const Tensor got = forward_multi(mha, {query, value, value, mask})[0];
  std::vector<double> keep;  // (B * 2, 3, 3): each batch's mask repeated for the two rows
  for (int b = 0; b < 2; ++b) {
    for (int row = 0; row < 2; ++row) {
      for (int i = 0; i < 9; ++i) keep.push_back(keep_bts[static_cast<std::size_t>(b * 9 + i)]);
    }
  }
  const Reference ref = naive_mha(ride_along(query, 2), ride_along(value, 2), ride_along(value, 2), w, 2, 2, 2, true,
                                  false, keep, false);
  check_close(got, ref.output, 1e-5, 1e-4);
  std::vector<Tensor> weights;
  for (Variable* v : mha.weights()) weights.push_back(v->value());
  check_gradients([&](const std::vector<Tensor>& in) { return mha({in[0], in[1], in[1], mask})[0]; }, {query, value},
                  {.eps = 1e-3}, weights);
}

TEST_CASE("MultiHeadAttention attention_axes errors name the layer",
          "[layers][attention][multi_head_attention][errors]") {
  MultiHeadAttention twice(2, 2, MultiHeadAttention::Options{.attention_axes = {1, 1}, .name = "twice"});
  REQUIRE_THROWS_WITH(twice(std::vector<Tensor>{Tensor::zeros({1, 2, 3, 4}), Tensor::zeros({1, 2, 3, 4})}),
                      Catch::Contains("\"twice\"") && Catch::Contains("twice"));
  MultiHeadAttention riding(2, 2, MultiHeadAttention::Options{.attention_axes = {2}, .name = "riding"});
  REQUIRE_THROWS_WITH(riding(std::vector<Tensor>{Tensor::zeros({1, 2, 3, 4}), Tensor::zeros({1, 5, 3, 4})}),
                      Catch::Contains("\"riding\"") && Catch::Contains("not attended over"));
  Tensor masked = Tensor::zeros({1, 2, 3, 4});
  masked.set_mask(Tensor::ones({1, 2, 3}));
  REQUIRE_THROWS_WITH(riding(std::vector<Tensor>{masked, Tensor::zeros({1, 2, 3, 4})}),
                      Catch::Contains("\"riding\"") && Catch::Contains("attention_mask instead"));
}
