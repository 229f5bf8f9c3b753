// MultiHeadAttention: the layer contract, outputs and scores against attention computed by hand
// with explicit loops (self and cross attention, value_dim, output_shape, no bias, rank-4 inputs,
// the gate), every mask source, dropout, the Keras config, use in a Functional model, and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/attention/multi_head_attention.h"
#include "layers/input_layer.h"
#include "libkeras/model/model.h"
#include "libkeras/utils/error.h"
#include "test/layers/attention/mha_reference.h"
#include "test/layers/attention/multi_input_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

TEST_CASE("MultiHeadAttention satisfies the layer contract", "[layers][attention][multi_head_attention]") {
  run_multi_input_layer_test({.make = [] { return std::make_shared<MultiHeadAttention>(2, 3); },
                              .input_shapes = {{2, 3, 4}, {2, 2, 5}},
                              .expected_output_shapes = {{2, 3, 4}},
                              .weight_names = {"query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel",
                                               "value/bias", "attention_output/kernel", "attention_output/bias"}});
  run_multi_input_layer_test(
      {.make =
           [] {
             return std::make_shared<MultiHeadAttention>(2, 2,
                                                         MultiHeadAttention::Options{.value_dim = 3,
                                                                                     .use_bias = false,
                                                                                     .output_shape = {5},
                                                                                     .use_gate = true,
                                                                                     .return_attention_scores = true});
           },
       .input_shapes = {{1, 2, 3}, {1, 3, 4}, {1, 3, 2}},
       .expected_output_shapes = {{1, 2, 5}, {1, 2, 2, 3}},
       .weight_names = {"query/kernel", "key/kernel", "gate/kernel", "value/kernel", "attention_output/kernel"}});
}

TEST_CASE("MultiHeadAttention weights have Keras' shapes", "[layers][attention][multi_head_attention]") {
  MultiHeadAttention mha(4, 3, MultiHeadAttention::Options{.value_dim = 5, .output_shape = {2, 6}, .use_gate = true});
  mha.maybe_build(std::vector<Shape>{{-1, 7, 8}, {-1, 9, 10}, {-1, 9, 11}});
  std::vector<Shape> shapes;
  for (const Variable* v : mha.weights()) shapes.push_back(v->shape());
  CHECK(shapes ==
        std::vector<Shape>{
            {8, 4, 3}, {4, 3}, {11, 4, 3}, {4, 3}, {8, 4, 5}, {4, 5}, {10, 4, 5}, {4, 5}, {4, 5, 2, 6}, {2, 6}});
  CHECK(mha.count_params() == 8 * 12 + 12 + 11 * 12 + 12 + 8 * 20 + 20 + 10 * 20 + 20 + 20 * 12 + 12);
  // Each projection gets its own initializer draw, as Keras clones the initializer per sublayer.
  CHECK(mha.weights()[0]->value().to_vector<float>() != mha.weights()[4]->value().to_vector<float>());
}

TEST_CASE("MultiHeadAttention matches attention computed by hand", "[layers][attention][multi_head_attention]") {
  struct Case {
    std::string name;
    std::int64_t heads, kd, vd;
    MultiHeadAttention::Options options;
    std::vector<Shape> shapes;  // query, value[, key]
  };
  std::vector<Case> cases = {
      {"self attention", 2, 3, 3, {}, {{2, 4, 5}, {2, 4, 5}}},
      {"cross attention, explicit key", 3, 2, 2, {}, {{2, 3, 4}, {2, 5, 6}, {2, 5, 3}}},
      {"value_dim and output_shape", 2, 2, 3, {.value_dim = 3, .output_shape = {7}}, {{1, 3, 4}, {1, 2, 4}}},
      {"no bias", 1, 4, 4, {.use_bias = false}, {{2, 2, 3}, {2, 3, 3}}},
      {"gate", 2, 2, 2, {.use_gate = true}, {{2, 3, 4}, {2, 3, 4}}},
      {"scores path", 2, 3, 3, {.return_attention_scores = true}, {{2, 3, 4}, {2, 2, 4}}},
      {"rank 4, attention over two axes", 2, 2, 2, {}, {{2, 2, 3, 4}, {2, 2, 2, 5}}},
  };
  unsigned seed = 10;
  for (const Case& c : cases) {
    INFO(c.name);
    MultiHeadAttention mha(c.heads, c.kd, c.options);
    std::vector<Tensor> in;
    for (const Shape& s : c.shapes) in.push_back(random_tensor(s, -1, 1, seed++));
    mha.maybe_build(c.shapes);
    std::vector<Tensor> w = randomize(mha, seed);
    seed += 20;
    std::vector<Tensor> out = forward_multi(mha, in);
    const Tensor& key = in.size() > 2 ? in[2] : in[1];
    Reference ref =
        naive_mha(in[0], in[1], key, w, c.heads, c.kd, c.vd, c.options.use_bias, c.options.use_gate, {}, true);
    check_close(out[0], ref.output, 1e-5, 1e-4);
    if (c.options.return_attention_scores) check_close(out[1], ref.scores, 1e-6, 1e-5);
  }
}

TEST_CASE("MultiHeadAttention combines masks as Keras", "[layers][attention][multi_head_attention][mask]") {
  Tensor query = random_tensor({2, 3, 4}, -1, 1, 40), value = random_tensor({2, 4, 4}, -1, 1, 41);
  Tensor qmask = tensor({1, 1, 0, 1, 1, 1}, {2, 3}), vmask = tensor({1, 0, 1, 1, 1, 1, 0, 0}, {2, 4});
  Tensor amask = tensor({1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1,   //
                         1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1},  //
                        {2, 3, 4});
  auto keep_of = [&](bool q, bool v, bool a, bool causal, std::int64_t window) {
    std::vector<double> keep(24);
    std::vector<double> qm = qmask.to_vector<double>(), vm = vmask.to_vector<double>(), am = amask.to_vector<double>();
    for (int b = 0; b < 2; ++b) {
      for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 4; ++j) {
          bool k = (!q || qm[static_cast<std::size_t>(b * 3 + i)] != 0) &&
                   (!v || vm[static_cast<std::size_t>(b * 4 + j)] != 0) &&
                   (!a || am[static_cast<std::size_t>((b * 3 + i) * 4 + j)] != 0) && (!causal || i >= j) &&
                   (window == 0 || std::abs(i - j) < window);
          keep[static_cast<std::size_t>((b * 3 + i) * 4 + j)] = k ? 1.0 : 0.0;
        }
      }
    }
    return keep;
  };
  struct Case {
    std::string name;
    bool q, v, a, causal;
    std::int64_t window;
    bool scores;
  };
  for (const Case& c : std::vector<Case>{{"query mask", true, false, false, false, 0, false},
                                         {"value mask", false, true, false, false, 0, false},
                                         {"attention mask input", false, false, true, false, 0, false},
                                         {"all three", true, true, true, false, 0, false},
                                         {"causal", false, false, false, true, 0, false},
                                         {"causal and value mask", false, true, false, true, 0, true},
                                         {"sliding window", false, false, false, false, 2, false},
                                         {"everything, explicit path", true, true, true, true, 2, true}}) {
    INFO(c.name);
    MultiHeadAttention mha(
        2, 3,
        MultiHeadAttention::Options{.sliding_window = c.window ? std::optional<std::int64_t>(c.window) : std::nullopt,
                                    .use_causal_mask = c.causal,
                                    .return_attention_scores = c.scores});
    Tensor q = query.clone(), v = value.clone();
    if (c.q) q.set_mask(qmask);
    if (c.v) v.set_mask(vmask);
    std::vector<Tensor> in{q, v};
    if (c.a) in = {q, v, v, amask};
    mha.maybe_build(std::vector<Shape>{query.shape(), value.shape()});
    std::vector<Tensor> w = randomize(mha, 50);
    std::vector<Tensor> out = forward_multi(mha, in);
    // Keras' fast path (no dropout, no scores) attends uniformly on a fully masked row; the
    // explicit path gives it zeros.
    Reference ref =
        naive_mha(query, value, value, w, 2, 3, 3, true, false, keep_of(c.q, c.v, c.a, c.causal, c.window), c.scores);
    check_close(out[0], ref.output, 1e-5, 1e-4);
    if (c.scores) check_close(out[1], ref.scores, 1e-6, 1e-5);
    // The output carries the query's mask; the scores carry none.
    CHECK(out[0].mask().defined() == c.q);
    if (c.scores) CHECK_FALSE(out[1].mask().defined());
  }
}

TEST_CASE("MultiHeadAttention drops attention probabilities only in training",
          "[layers][attention][multi_head_attention][dropout]") {
  Tensor query = random_tensor({2, 5, 4}, -1, 1, 60);
  MultiHeadAttention mha(2, 4, MultiHeadAttention::Options{.dropout = 0.5, .seed = 7, .return_attention_scores = true});
  MultiHeadAttention plain(2, 4, MultiHeadAttention::Options{.return_attention_scores = true});
  mha.maybe_build(std::vector<Shape>{query.shape(), query.shape()});
  plain.maybe_build(std::vector<Shape>{query.shape(), query.shape()});
  plain.set_weights(randomize(mha, 61));
  std::vector<Tensor> inference = forward_multi(mha, {query, query});
  std::vector<Tensor> reference = forward_multi(plain, {query, query});
  check_close(inference[0], reference[0], 1e-6, 1e-6);
  std::vector<Tensor> training = forward_multi(mha, {query, query}, true);
  // The returned scores are the probabilities before dropout (Keras returns attention_scores).
  check_close(training[1], reference[1], 1e-6, 1e-6);
  std::vector<float> a = training[0].to_vector<float>(), b = reference[0].to_vector<float>();
  CHECK(a != b);
}

TEST_CASE("MultiHeadAttention writes Keras' config", "[layers][attention][multi_head_attention]") {
  MultiHeadAttention mha(2, 8, MultiHeadAttention::Options{.output_shape = {3}, .attention_axes = {-2}});
  Json c = mha.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name",
                                         "trainable",
                                         "dtype",
                                         "num_heads",
                                         "key_dim",
                                         "value_dim",
                                         "dropout",
                                         "use_bias",
                                         "use_gate",
                                         "output_shape",
                                         "attention_axes",
                                         "sliding_window",
                                         "kernel_initializer",
                                         "bias_initializer",
                                         "kernel_regularizer",
                                         "bias_regularizer",
                                         "activity_regularizer",
                                         "kernel_constraint",
                                         "bias_constraint",
                                         "seed"});
  CHECK(c["value_dim"] == 8);  // Keras writes key_dim for value_dim=None
  CHECK(c["output_shape"] == Json::array({3}));
  CHECK(c["attention_axes"] == Json::array({-2}));
  mha.maybe_build(std::vector<Shape>{{-1, 4, 6}, {-1, 5, 6}});
  CHECK(mha.get_config()["attention_axes"] == Json::array({1}));  // resolved once built, as Keras
  auto copy = MultiHeadAttention::from_config(
      Json{{"name", "m"}, {"num_heads", 2}, {"key_dim", 4}, {"output_shape", 5}, {"attention_axes", 1}});
  CHECK(copy->get_config()["output_shape"] == Json::array({5}));
  CHECK(copy->get_config()["value_dim"] == 4);
}

TEST_CASE("MultiHeadAttention works in a Functional model and adds activity losses",
          "[layers][attention][multi_head_attention][model]") {
  KerasTensor q = Input({3, 4}), v = Input({5, 4});
  auto mha = std::make_shared<MultiHeadAttention>(2, 2, MultiHeadAttention::Options{.activity_regularizer = "l2"});
  KerasTensor out = (*mha)(std::vector<KerasTensor>{q, v})[0];
  CHECK(out.shape == Shape{-1, 3, 4});
  Model model({q, v}, {out});
  Tensor xq = random_tensor({2, 3, 4}, -1, 1, 70), xv = random_tensor({2, 5, 4}, -1, 1, 71);
  check_close(model.predict({xq, xv}, {.verbose = 0}), forward_multi(*mha, {xq, xv})[0], 1e-6, 1e-6);
  mha->clear_losses();
  forward_multi(*mha, {xq, xv});
  CHECK(mha->losses().size() == 4);  // query, key, value and output projections
}

TEST_CASE("MultiHeadAttention rejects bad arguments and inputs naming the layer",
          "[layers][attention][multi_head_attention][errors]") {
  REQUIRE_THROWS_WITH(MultiHeadAttention(0, 2, MultiHeadAttention::Options{.name = "mha_heads"}),
                      Catch::Contains("\"mha_heads\"") && Catch::Contains("num_heads=0"));
  REQUIRE_THROWS_WITH(MultiHeadAttention(2, -1), Catch::Contains("key_dim=-1"));
  REQUIRE_THROWS_WITH(MultiHeadAttention(2, 2, MultiHeadAttention::Options{.value_dim = 0}),
                      Catch::Contains("value_dim=0"));
  MultiHeadAttention mha(2, 2, MultiHeadAttention::Options{.name = "mha_err"});
  Tensor x = Tensor::zeros({2, 3, 4});
  REQUIRE_THROWS_WITH(mha(std::vector<Tensor>{x}), Catch::Contains("\"mha_err\"") && Catch::Contains("1 input"));
  REQUIRE_THROWS_WITH(mha(std::vector<Tensor>{x, Tensor::zeros({2, 5, 4}), Tensor::zeros({2, 4, 4})}),
                      Catch::Contains("\"mha_err\"") && Catch::Contains("value_shape=(2, 5, 4)"));
  REQUIRE_THROWS_WITH(mha(std::vector<Tensor>{Tensor::zeros({2, 4}), Tensor::zeros({2, 4})}),
                      Catch::Contains("\"mha_err\"") && Catch::Contains("rank"));
  mha(std::vector<Tensor>{x, x});
  REQUIRE_THROWS_WITH(mha(std::vector<Tensor>{Tensor::zeros({2, 3, 5}), x}),
                      Catch::Contains("\"mha_err\"") && Catch::Contains("built for 4"));
  REQUIRE_THROWS_WITH(mha(std::vector<Tensor>{x, x, x, Tensor::zeros({2, 2, 3})}),
                      Catch::Contains("\"mha_err\"") && Catch::Contains("attention_mask"));
  MultiHeadAttention axes(2, 2, MultiHeadAttention::Options{.attention_axes = {3}, .name = "mha_axes"});
  REQUIRE_THROWS_WITH(axes(std::vector<Tensor>{Tensor::zeros({1, 2, 3, 4}), Tensor::zeros({1, 2, 3, 4})}),
                      Catch::Contains("\"mha_axes\"") && Catch::Contains("attention_axes=[3]"));
  MultiHeadAttention causal(2, 2, MultiHeadAttention::Options{.use_causal_mask = true, .name = "mha_causal"});
  REQUIRE_THROWS_WITH(causal(std::vector<Tensor>{Tensor::zeros({1, 2, 3, 4}), Tensor::zeros({1, 2, 3, 4})}),
                      Catch::Contains("\"mha_causal\"") && Catch::Contains("use_causal_mask"));
  REQUIRE_THROWS_WITH(MultiHeadAttention::from_config(Json{{"name", "m"}, {"num_heads", 2}}),
                      Catch::Contains("MultiHeadAttention layer \"m\"") && Catch::Contains("'key_dim'"));
}
